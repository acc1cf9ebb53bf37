"use client";
// Rows in the chosen order without jumping while values stream in: the order is taken when the
// person sorts or filters, and again at most once a second; in between each row keeps its place
// and only its values change (new printers join at the end until the next re-sort).
import { useEffect, useMemo, useRef, useState } from "react";
import type { FarmPrinter } from "@printernizer/farm/farm";
import { comparePrinters, keepOrder, sortPrinters } from "./sort";
import type { SortDir, SortKey } from "./view-params";

const resortEveryMs = 1_000;

export function useSettledOrder(
  rows: FarmPrinter[],
  sort: SortKey,
  dir: SortDir,
  /** Changes when the filters change: the order is taken again at once. */
  filterKey: string,
): FarmPrinter[] {
  const key = `${sort}\n${dir}\n${filterKey}`;
  const [snapshot, setSnapshot] = useState({ key, rows });
  if (snapshot.key !== key) setSnapshot({ key, rows });
  const latest = useRef(rows);
  useEffect(() => {
    latest.current = rows;
  }, [rows]);
  useEffect(() => {
    const timer = setInterval(
      () => setSnapshot((held) => (held.rows === latest.current ? held : { ...held, rows: latest.current })),
      resortEveryMs,
    );
    return () => clearInterval(timer);
  }, []);
  const orderIds = useMemo(
    () => sortPrinters(snapshot.rows, sort, dir).map((p) => p.id),
    [snapshot.rows, sort, dir],
  );
  return useMemo(() => keepOrder(orderIds, rows, comparePrinters(sort, dir)), [orderIds, rows, sort, dir]);
}
