"use client";
// A wall whose groups do not fit the screen pages through them: every `intervalMs` the next
// group (or the next screenful, for a group taller than the screen) comes to the top, then back
// to the start. Smooth scrolling, or a plain jump with prefers-reduced-motion. Paused while the
// pointer is over the wall or something in it has focus, so a person can read in peace.
import { useEffect, useRef, useState } from "react";

export function useAutoScroll(intervalMs: number) {
  const container = useRef<HTMLDivElement | null>(null);
  const [paused, setPaused] = useState(false);
  useEffect(() => {
    if (paused) return;
    const timer = setInterval(() => {
      const root = document.scrollingElement ?? document.documentElement;
      const view = window.innerHeight;
      if (root.scrollHeight <= view + 1) return; // everything fits
      const reduced = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      const at = window.scrollY;
      const tops = [...(container.current?.querySelectorAll<HTMLElement>("[data-wall-group]") ?? [])].map(
        (group) => group.getBoundingClientRect().top + at,
      );
      const nextGroup = tops.find((top) => top > at + 8);
      const bottom = root.scrollHeight - view;
      let next = nextGroup !== undefined && nextGroup - at <= view ? nextGroup : at + view * 0.9;
      if (at >= bottom - 1) next = 0;
      window.scrollTo({ top: Math.min(next, bottom), behavior: reduced ? "auto" : "smooth" });
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
