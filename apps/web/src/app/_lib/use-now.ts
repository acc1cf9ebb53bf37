"use client";
import { useEffect, useState, useSyncExternalStore } from "react";

/** The current time, re-rendered every `intervalMs` (for "last heard 5 s ago" and ETA clocks). */
export function useNow(intervalMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * The current time once the page runs in the browser, null before (on the server and during
 * hydration): clock times and "5 s ago" depend on when and in which time zone they are
 * rendered, so rendering them on the server makes the browser's hydration fail (React #418).
 */
export function useClientNow(intervalMs: number): Date | null {
  const now = useNow(intervalMs);
  return useInBrowser() ? now : null;
}

const subscribeNever = () => () => {};

/**
 * False on the server and while the browser hydrates, true after: for text in the reader's locale
 * or time zone (toLocaleTimeString), which the server cannot know (React #418 otherwise).
 */
export function useInBrowser(): boolean {
  return useSyncExternalStore(
    subscribeNever,
    () => true,
    () => false,
  );
}
