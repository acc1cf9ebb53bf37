"use client";
// Admin → API keys: every user's keys with their owner, last use and status; an admin may revoke any.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { FormMessage } from "@printernizer/ui/form-field";
import { useToast } from "@printernizer/ui/toast";
import { errorMessage } from "~/app/_lib/trpc-error";
import { useTRPC } from "~/trpc/react";
import { ApiKeyTable } from "../../account/api-keys/_components/api-key-table";

export function AllApiKeys() {
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.apiKeys.all.queryOptions());
  const revoke = useMutation(
    trpc.apiKeys.revokeAny.mutationOptions({
      onSettled: () => queryClient.invalidateQueries(trpc.apiKeys.pathFilter()),
    }),
  );
  return (
    <section aria-labelledby="all-api-keys-heading" className="space-y-3">
      <h1 id="all-api-keys-heading" className="text-xl font-semibold">
        API keys of all users
      </h1>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        Each user creates their own keys under API keys. A key acts with its own role, capped by its
        user&apos;s current role; a disabled user&apos;s keys are refused. Revoke a key that is lost or no
        longer used.
      </p>
      {keys.error ? <FormMessage>{errorMessage(keys.error)}</FormMessage> : null}
      <ApiKeyTable
        keys={keys.data ?? []}
        loading={keys.isPending}
        showOwner
        revoking={revoke.isPending}
        onRevoke={(key, done) =>
          revoke.mutate(
            { keyId: key.id },
            {
              onSuccess: (r) => toast(`${r.name} revoked.`, "success"),
              onError: (e) => toast(errorMessage(e), "error"),
              onSettled: done,
            },
          )
        }
      />
    </section>
  );
}
