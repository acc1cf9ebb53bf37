"use client";
import { useEffect, useState } from "react";

/** The current time, re-rendered every `intervalMs` (for "last heard 5 s ago" and ETA clocks). */
export function useNow(intervalMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
