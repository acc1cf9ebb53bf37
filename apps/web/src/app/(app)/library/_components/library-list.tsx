"use client";
// The library: search (name, slicer, printer model) and sort kept in the URL like the jobs
// page's filters, a page of files with their pictures, and Delete for admins (confirmed).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { RouterOutputs } from "@printernizer/api";
import { Button } from "@printernizer/ui/button";
import { ConfirmDialog } from "@printernizer/ui/confirm-dialog";
import { FormMessage } from "@printernizer/ui/form-field";
import { formatDuration } from "@printernizer/ui/format";
import { useTRPC } from "~/trpc/react";
import { errorMessage } from "../../../_lib/trpc-error";
import { sizeWords } from "../../../api/library/size-words";
import { useUrlFilters } from "../../_components/use-url-filters";
import { slicedForWords } from "./model-words";

type LibraryFile = RouterOutputs["library"]["list"]["items"][number];
const keys = ["q", "sort", "page"] as const;
const sorts = { date: "Newest", name: "Name", size: "Size", time: "Print time" } as const;
const pageSize = 24;

export function LibraryList({ canDelete }: { canDelete: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { values, setFilter } = useUrlFilters(keys);
  const sort = (Object.keys(sorts) as (keyof typeof sorts)[]).find((s) => s === values.sort) ?? "date";
  const page = Math.max(1, Number.parseInt(values.page, 10) || 1);
  const list = useQuery({
    ...trpc.library.list.queryOptions({ search: values.q.trim() || undefined, sort, page, pageSize }),
    placeholderData: keepPreviousData,
  });
  const [deleting, setDeleting] = useState<LibraryFile | null>(null);
  const remove = useMutation(
    trpc.library.delete.mutationOptions({
      onSuccess: () => {
        setDeleting(null);
        void queryClient.invalidateQueries({ queryKey: trpc.library.list.queryKey() });
      },
    }),
  );
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <label className="text-sm">
          <span className="block font-medium">Search</span>
          <input
            type="search"
            value={values.q}
            onChange={(event) => {
              setFilter("q", event.target.value);
              setFilter("page", "");
            }}
            placeholder="Name, slicer or printer model"
            className="mt-1 w-64 rounded-md border border-slate-300 bg-white px-2.5 py-1.5 dark:border-slate-700 dark:bg-slate-950"
          />
        </label>
        <label className="text-sm">
          <span className="block font-medium">Sort by</span>
          <select
            value={sort}
            onChange={(event) => setFilter("sort", event.target.value === "date" ? "" : event.target.value)}
            className="mt-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-700 dark:bg-slate-950"
          >
            {Object.entries(sorts).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <span className="text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
          {list.data ? `${total} ${total === 1 ? "file" : "files"}` : ""}
        </span>
      </div>
      {list.error ? <FormMessage>{errorMessage(list.error)}</FormMessage> : null}
      {list.data && list.data.items.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {values.q ? "No file matches the search." : "The library is empty. Upload sliced files above."}
        </p>
      ) : null}
      <ul aria-label="Library files" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4">
        {list.data?.items.map((file) => (
          <li
            key={file.id}
            data-testid="library-file"
            className="flex gap-3 rounded-lg border border-slate-200 p-2 dark:border-slate-800"
          >
            <Thumbnail sha256={file.thumbnailSha256} name={file.name} />
            <div className="min-w-0 flex-1 space-y-0.5 text-sm">
              <Link
                href={`/library/${file.id}`}
                className="block break-all font-medium text-sky-700 hover:underline dark:text-sky-400"
              >
                {file.name}
              </Link>
              <p className="text-slate-600 dark:text-slate-400">
                {[
                  slicedForWords(file.metadata.printerModel),
                  file.metadata.estimatedSeconds !== undefined
                    ? formatDuration(file.metadata.estimatedSeconds)
                    : null,
                  sizeWords(file.size),
                  file.metadata.plates.length > 1 ? `${file.metadata.plates.length} plates` : null,
                ]
                  .filter(Boolean)
                  .join(" · ")}
              </p>
              {canDelete ? (
                <Button variant="ghost" onClick={() => setDeleting(file)} aria-label={`Delete ${file.name}`}>
                  Delete
                </Button>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
      {pages > 1 ? (
        <div className="flex items-center gap-2 text-sm">
          <Button
            variant="secondary"
            disabled={page <= 1}
            onClick={() => setFilter("page", String(page - 1))}
          >
            Previous
          </Button>
          <span>
            Page {page} of {pages}
          </span>
          <Button
            variant="secondary"
            disabled={page >= pages}
            onClick={() => setFilter("page", String(page + 1))}
          >
            Next
          </Button>
        </div>
      ) : null}
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this file from the library?"
        confirmLabel="Delete file"
        variant="danger"
        busy={remove.isPending}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
        onCancel={() => {
          setDeleting(null);
          remove.reset();
        }}
      >
        <p>
          <strong>{deleting?.name}</strong> will be removed from the library. Prints already started from it
          are not affected; its history stays without the file.
        </p>
        {remove.error ? <FormMessage>{errorMessage(remove.error)}</FormMessage> : null}
      </ConfirmDialog>
    </div>
  );
}

export function Thumbnail({
  sha256,
  name,
  size = "h-20 w-20",
}: {
  sha256: string | null;
  name: string;
  size?: string;
}) {
  return sha256 ? (
    <img
      src={`/api/thumbnails/${sha256}`}
      alt={`Picture of ${name}`}
      className={`${size} shrink-0 rounded object-contain bg-slate-100 dark:bg-slate-800`}
    />
  ) : (
    <div aria-hidden className={`${size} shrink-0 rounded bg-slate-100 dark:bg-slate-800`} />
  );
}
