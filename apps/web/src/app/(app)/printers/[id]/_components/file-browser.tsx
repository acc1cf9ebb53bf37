"use client";

// The printer's storage as the worker last listed it. Operators refresh the listing and
// download files through the app: a file not yet in the file store is fetched from the
// printer first (a download_file command, progress shown), then the browser follows
// /api/files/<id>, which streams it with its real name.
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Button } from "@printernizer/ui/button";
import { Card } from "@printernizer/ui/card";
import { formatAgo } from "@printernizer/ui/format";
import { useInBrowser } from "~/app/_lib/use-now";
import { useTRPC } from "~/trpc/react";
import { isFinished, progressLabels, useCommandProgress } from "./use-command-progress";

function formatSize(bytes: number | null): string {
  if (bytes === null) return "–";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function folderOf(path: string): string {
  return path.slice(0, path.lastIndexOf("/")) || "/";
}

function startDownload(fileId: string): void {
  // A plain navigation: the response is an attachment, so the page stays.
  window.location.assign(`/api/files/${encodeURIComponent(fileId)}`);
}

/** `canDownload`: the printer's kind can fetch files (its capabilities); the column shows for operators. */
export function FileBrowser({
  printerId,
  canControl,
  canDownload,
}: {
  printerId: string;
  canControl: boolean;
  canDownload: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data } = useSuspenseQuery(trpc.files.list.queryOptions({ printerId }));
  const [refreshId, setRefreshId] = useState<string | null>(null);
  const [fetching, setFetching] = useState<{ fileId: string; name: string; commandId: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const started = useRef(new Set<string>());
  const refreshProgress = useCommandProgress(refreshId);
  const fetchProgress = useCommandProgress(fetching?.commandId ?? null);
  // dates in the reader's time zone and "listed 5 s ago" are written once the page runs (React #418)
  const inBrowser = useInBrowser();

  const refresh = useMutation(
    trpc.files.refresh.mutationOptions({
      onSuccess: ({ commandId }) => {
        setProblem(null);
        setRefreshId(commandId);
      },
      onError: (error) => setProblem(error.message),
    }),
  );
  const download = useMutation(
    trpc.files.download.mutationOptions({
      onSuccess: ({ fileId, fileName, commandId }) => {
        setProblem(null);
        if (commandId) setFetching({ fileId, name: fileName, commandId });
        else startDownload(fileId);
      },
      onError: (error) => setProblem(error.message),
    }),
  );

  useEffect(() => {
    if (refreshProgress?.status === "done")
      void queryClient.invalidateQueries(trpc.files.list.queryFilter({ printerId }));
  }, [refreshProgress?.status, queryClient, trpc, printerId]);
  useEffect(() => {
    if (!fetching || fetchProgress?.status !== "done" || started.current.has(fetching.commandId)) return;
    started.current.add(fetching.commandId);
    startDownload(fetching.fileId);
    void queryClient.invalidateQueries(trpc.files.list.queryFilter({ printerId }));
  }, [fetching, fetchProgress?.status, queryClient, trpc, printerId]);

  const refreshing = !!refreshId && !isFinished(refreshProgress);
  const fetchingNow = !!fetching && !isFinished(fetchProgress);

  return (
    <Card>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h2 className="font-semibold">Files on the printer</h2>
        <div className="flex items-center gap-2 text-xs text-muted">
          {data.listedAt && inBrowser ? <span>Listed {formatAgo(data.listedAt)}</span> : null}
          {canControl ? (
            <Button
              variant="secondary"
              disabled={refreshing || refresh.isPending}
              onClick={() => refresh.mutate({ printerId })}
            >
              {refreshing ? "Refreshing…" : "Refresh list"}
            </Button>
          ) : null}
        </div>
      </div>
      {refreshId && refreshProgress && refreshProgress.status !== "done" ? (
        <p
          role="status"
          className="mb-2 text-sm"
          data-testid="refresh-progress"
          data-status={refreshProgress.status}
        >
          Listing the printer&apos;s storage: {progressLabels[refreshProgress.status]}
          {refreshProgress.error ? (
            <span className="text-red-700 dark:text-red-400"> — {refreshProgress.error}</span>
          ) : null}
        </p>
      ) : null}
      {fetching && fetchProgress ? (
        <p
          role="status"
          className="mb-2 text-sm"
          data-testid="download-progress"
          data-status={fetchProgress.status}
        >
          Fetching {fetching.name} from the printer: {progressLabels[fetchProgress.status]}
          {fetchProgress.error ? (
            <span className="text-red-700 dark:text-red-400"> — {fetchProgress.error}</span>
          ) : null}
        </p>
      ) : null}
      {problem ? (
        <p role="alert" className="mb-2 text-sm text-red-700 dark:text-red-400">
          {problem}
        </p>
      ) : null}
      {data.files.length === 0 ? (
        <p className="text-sm text-muted">
          {data.listedAt
            ? "The printer's storage is empty."
            : canControl
              ? "Not listed yet. Refresh the list to see what is on the printer."
              : "Not listed yet. An operator can refresh the list."}
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="printer-files">
            <thead className="text-xs text-muted">
              <tr>
                <th className="py-1 pr-3 font-medium">Name</th>
                <th className="hidden py-1 pr-3 font-medium sm:table-cell">Folder</th>
                <th className="py-1 pr-3 text-right font-medium">Size</th>
                <th className="hidden py-1 pr-3 font-medium sm:table-cell">Modified</th>
                {canControl && canDownload ? (
                  <th className="py-1 font-medium">
                    <span className="sr-only">Download</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {data.files.map((f) => (
                <tr
                  key={f.id}
                  data-testid="printer-file"
                  data-file-id={f.id}
                  data-path={f.path}
                  className="border-t border-slate-100 dark:border-slate-800"
                >
                  {/* long names wrap: at phone width the row stays inside the card, Download in reach */}
                  <td className="py-1 pr-3 [overflow-wrap:anywhere]" title={f.path}>
                    {f.name}
                    <span className="block text-xs text-muted sm:hidden">{folderOf(f.path)}</span>
                  </td>
                  <td className="hidden py-1 pr-3 text-muted [overflow-wrap:anywhere] sm:table-cell">
                    {folderOf(f.path)}
                  </td>
                  <td className="whitespace-nowrap py-1 pr-3 text-right tabular-nums">
                    {formatSize(f.size)}
                  </td>
                  <td className="hidden whitespace-nowrap py-1 pr-3 sm:table-cell">
                    {f.modifiedAt ? (inBrowser ? f.modifiedAt.toLocaleDateString() : "") : "–"}
                  </td>
                  {canControl && canDownload ? (
                    <td className="py-1">
                      <Button
                        variant="ghost"
                        aria-label={`Download ${f.name}`}
                        disabled={fetchingNow || download.isPending}
                        onClick={() => download.mutate({ fileId: f.id })}
                      >
                        Download
                      </Button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
