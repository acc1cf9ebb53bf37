"use client";
// "Start a print" on the printer page: choose a library file first (search by name), then the
// start dialog with this printer fixed.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@printernizer/ui/button";
import { Dialog } from "@printernizer/ui/dialog";
import { formatDuration } from "@printernizer/ui/format";
import { useTRPC } from "~/trpc/react";
import { StartPrintDialog } from "./start-print-dialog";

export function StartFromPrinterButton({ printerId }: { printerId: string }) {
  const [choosing, setChoosing] = useState(false);
  const [fileId, setFileId] = useState<string | null>(null);
  return (
    <>
      <Button onClick={() => setChoosing(true)} data-testid="start-a-print">
        Start a print
      </Button>
      <Dialog open={choosing} onClose={() => setChoosing(false)} title="Choose a file from the library">
        {choosing ? (
          <LibraryFileChooser
            onChoose={(id) => {
              setChoosing(false);
              setFileId(id);
            }}
            onCancel={() => setChoosing(false)}
          />
        ) : null}
      </Dialog>
      {fileId ? (
        <StartPrintDialog
          open
          onClose={() => setFileId(null)}
          preset={{ libraryFileId: fileId, printerId }}
        />
      ) : null}
    </>
  );
}

function LibraryFileChooser({
  onChoose,
  onCancel,
}: {
  onChoose: (id: string) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const list = useQuery(trpc.library.list.queryOptions({ search: search.trim() || undefined, pageSize: 20 }));
  const files = list.data?.items ?? [];
  return (
    <div className="space-y-3">
      <label className="block text-sm font-medium" htmlFor="choose-library-search">
        Search the library
      </label>
      <input
        id="choose-library-search"
        type="search"
        value={search}
        autoFocus
        onChange={(event) => setSearch(event.target.value)}
        placeholder="File name, slicer or printer model"
        className="block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950"
      />
      {list.error ? <p role="alert">{list.error.message}</p> : null}
      {list.isPending ? (
        <p className="text-sm text-muted">Loading…</p>
      ) : files.length === 0 ? (
        <p className="text-sm text-muted">No file matches. Upload files on the Library page first.</p>
      ) : (
        <ul className="max-h-80 divide-y divide-slate-100 overflow-y-auto dark:divide-slate-800">
          {files.map((file) => (
            <li key={file.id}>
              <button
                type="button"
                onClick={() => onChoose(file.id)}
                className="flex w-full items-center gap-3 px-1 py-1.5 text-left text-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-600 dark:hover:bg-slate-800"
              >
                {file.thumbnailSha256 ? (
                  <img
                    src={`/api/thumbnails/${file.thumbnailSha256}`}
                    alt=""
                    className="h-10 w-10 rounded object-contain"
                  />
                ) : (
                  <span className="h-10 w-10" />
                )}
                <span className="min-w-0 flex-1 truncate font-medium">{file.name}</span>
                <span className="text-xs text-muted">
                  {file.metadata.estimatedSeconds !== undefined
                    ? formatDuration(file.metadata.estimatedSeconds)
                    : ""}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="flex justify-end">
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
