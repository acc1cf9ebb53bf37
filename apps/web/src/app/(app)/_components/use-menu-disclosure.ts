"use client";
// A disclosure menu (the header's on a phone): a button with aria-expanded opens and closes it;
// Escape closes it and gives focus back to the button; a click outside or focus leaving it closes it.
import { useEffect, useRef, useState, type FocusEvent } from "react";

export function useMenuDisclosure<Root extends HTMLElement = HTMLElement>() {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const rootRef = useRef<Root>(null);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener("pointerdown", onPointerDown);
    document.addEventListener("keydown", onKeyDown);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown);
      document.removeEventListener("keydown", onKeyDown);
    };
  }, [open]);

  return {
    open,
    buttonRef,
    rootRef,
    toggle: () => setOpen((was) => !was),
    close: () => setOpen(false),
    /** For the menu's container: focus moving out of it (Tab past the last item) closes it. */
    onBlur: (event: FocusEvent<Root>) => {
      const next = event.relatedTarget as Node | null;
      if (next && !rootRef.current?.contains(next)) setOpen(false);
    },
  };
}
