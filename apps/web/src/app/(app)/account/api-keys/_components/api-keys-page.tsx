"use client";
// Account → API keys: the signed-in user's personal keys for scripts (create, shown once; list
// with last use; revoke), and where the HTTP API is documented.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { Role } from "@printernizer/auth/roles";
import { Button } from "@printernizer/ui/button";
import { FormMessage } from "@printernizer/ui/form-field";
import { useToast } from "@printernizer/ui/toast";
import { errorMessage } from "~/app/_lib/trpc-error";
import { useTRPC } from "~/trpc/react";
import { ApiKeyTable } from "./api-key-table";
import { NewKeyDialog } from "./new-key-dialog";

export function ApiKeysPage({ role }: { role: Role }) {
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const refresh = () => queryClient.invalidateQueries(trpc.apiKeys.pathFilter());
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions({ onSettled: refresh }));
  return (
    <section aria-labelledby="api-keys-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 id="api-keys-heading" className="text-xl font-semibold">
          API keys
        </h1>
        <Button onClick={() => setCreating(true)}>New API key</Button>
      </div>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        Personal keys let your scripts read and control the farm as you, with the role you give the key (never
        more than yours). Every call made with a key is in the audit log under your name. How to call the API:{" "}
        <Link href="/api-docs" className="font-medium text-sky-700 underline dark:text-sky-300">
          API documentation
        </Link>
        .
      </p>
      {keys.error ? <FormMessage>{errorMessage(keys.error)}</FormMessage> : null}
      <ApiKeyTable
        keys={keys.data ?? []}
        loading={keys.isPending}
        revoking={revoke.isPending}
        onRevoke={(key, done) =>
          revoke.mutate(
            { keyId: key.id },
            {
              onSuccess: (r) => toast(`${r.name} revoked: calls with it are refused from now on.`, "success"),
              onError: (e) => toast(errorMessage(e), "error"),
              onSettled: done,
            },
          )
        }
      />
      <NewKeyDialog
        open={creating}
        role={role}
        onClose={() => {
          setCreating(false);
          void refresh();
        }}
      />
    </section>
  );
}
