"use client";
// The head script (systemThemeScript) puts "dark" on <html> before the first paint when the theme
// follows a dark system. React owns <html>: when it has to render a page again in the browser (a
// hydration error, #418), it writes <html> as the server did, without that class, and the page
// turned light in a dark system. This puts the class back whenever it mounts.
import { useEffect } from "react";

export function SystemThemeClass() {
  useEffect(() => {
    const root = document.documentElement;
    if (root.dataset.theme === "system")
      root.classList.toggle("dark", matchMedia("(prefers-color-scheme: dark)").matches);
  }, []);
  return null;
}
