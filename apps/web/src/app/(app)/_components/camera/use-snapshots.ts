"use client";
// Snapshots of the camera wall's tiles that are not live: each tile's latest picture, fetched
// three at a time, the whole round again every `everyMs`. A failed snapshot keeps the sentence.
import { useEffect, useState } from "react";

export interface Snapshot {
  url?: string;
  at?: number;
  message?: string;
}

export function useSnapshots(ids: string[], everyMs = 5_000): Record<string, Snapshot> {
  const key = ids.join(",");
  const [shots, setShots] = useState<Record<string, Snapshot>>({});
  useEffect(() => {
    const wanted = key ? key.split(",") : [];
    if (!wanted.length) return;
    const abort = new AbortController();
    const urls = new Map<string, string>();
    const fetchOne = async (id: string) => {
      const response = await fetch(`/api/cameras/${encodeURIComponent(id)}/snapshot`, {
        signal: abort.signal,
      });
      if (response.ok) {
        const url = URL.createObjectURL(await response.blob());
        const previous = urls.get(id);
        urls.set(id, url);
        setShots((all) => ({
          ...all,
          [id]: { url, at: Number(response.headers.get("x-frame-at")) || Date.now() },
        }));
        if (previous) setTimeout(() => URL.revokeObjectURL(previous), 1_000);
      } else {
        const body = (await response.json().catch(() => ({}))) as { message?: string };
        const message = body.message ?? `The snapshot failed (HTTP ${response.status}).`;
        setShots((all) => ({ ...all, [id]: { ...all[id], message } }));
      }
    };
    const run = async () => {
      while (!abort.signal.aborted) {
        const queue = [...wanted];
        await Promise.all(
          [1, 2, 3].map(async () => {
            for (let id = queue.shift(); id && !abort.signal.aborted; id = queue.shift())
              await fetchOne(id).catch(() => undefined);
          }),
        );
        await new Promise((resolve) => setTimeout(resolve, everyMs));
      }
    };
    void run();
    return () => {
      abort.abort();
      for (const url of urls.values()) URL.revokeObjectURL(url);
      setShots({});
    };
  }, [key, everyMs]);
  return shots;
}
