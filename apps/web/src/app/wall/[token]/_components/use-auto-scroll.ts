"use client";
// A wall whose groups do not fit the screen pages through them: every `intervalMs` the next
// group (or the next screenful, for a group taller than the screen) comes to the top, then back
// to the start. Smooth scrolling, or a plain jump with prefers-reduced-motion. Paused while the
// pointer is over the wall or something in it has focus, so a person can read in peace.
import { useEffect, useRef, useState } from "react";

/**
 * Where the wall scrolls next: the next group's top when it is within a screenful, else one
 * screenful (less a little, so a line stays for orientation) further; back to the top from the bottom.
 */
export function nextScrollTop({
  at,
  view,
  scrollHeight,
  groupTops,
}: {
  at: number;
  view: number;
  scrollHeight: number;
  groupTops: number[];
}): number {
  const bottom = Math.max(0, scrollHeight - view);
  if (at >= bottom - 1) return 0;
  const nextGroup = groupTops.find((top) => top > at + 8);
  const next = nextGroup !== undefined && nextGroup - at <= view ? nextGroup : at + view * 0.9;
  return Math.min(next, bottom);
}

export function useAutoScroll(intervalMs: number) {
  const container = useRef<HTMLElement | null>(null);
  const [paused, setPaused] = useState(false);
  useEffect(() => {
    if (paused) return;
    const timer = setInterval(() => {
      const root = document.scrollingElement ?? document.documentElement;
      const view = window.innerHeight;
      if (root.scrollHeight <= view + 1) return; // everything fits
      const reduced = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      const at = window.scrollY;
      const groupTops = [
        ...(container.current?.querySelectorAll<HTMLElement>("[data-wall-group]") ?? []),
      ].map((group) => group.getBoundingClientRect().top + at);
      const next = nextScrollTop({ at, view, scrollHeight: root.scrollHeight, groupTops });
      window.scrollTo({ top: next, behavior: reduced ? "auto" : "smooth" });
    }, intervalMs);
    return () => clearInterval(timer);
  }, [paused, intervalMs]);
  const pause = () => setPaused(true);
  const resume = () => setPaused(false);
  return {
    ref: container,
    paused,
    handlers: {
      onMouseEnter: pause,
      onMouseLeave: resume,
      onFocus: pause,
      onBlur: (event: React.FocusEvent) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) resume();
      },
    },
  };
}
