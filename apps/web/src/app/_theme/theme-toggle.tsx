"use client";
// Cycles the colour theme: system → light → dark. Remembered for a year in a cookie.
import { useState } from "react";
import { themeCookie, themes, type Theme } from "./theme";

const labels: Record<Theme, string> = { system: "Theme: system", light: "Theme: light", dark: "Theme: dark" };
const icons: Record<Theme, string> = { system: "◐", light: "☀", dark: "☾" };

export function applyTheme(theme: Theme) {
  const root = document.documentElement;
  root.dataset.theme = theme;
  root.classList.toggle(
    "dark",
    theme === "dark" || (theme === "system" && matchMedia("(prefers-color-scheme: dark)").matches),
  );
  document.cookie = `${themeCookie}=${theme}; path=/; max-age=31536000; samesite=lax`;
}

export function ThemeToggle({ initial }: { initial: Theme }) {
  const [theme, setTheme] = useState(initial);
  const next = themes[(themes.indexOf(theme) + 1) % themes.length]!;
  return (
    <button
      type="button"
      onClick={() => {
        applyTheme(next);
        setTheme(next);
      }}
      title={`${labels[theme]}. Switch to ${next}.`}
      aria-label={`${labels[theme]}. Switch to ${next}.`}
      data-testid="theme-toggle"
      data-theme={theme}
      className="rounded-md px-2 py-1 text-base hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-600 dark:hover:bg-slate-800"
    >
      <span aria-hidden="true">{icons[theme]}</span>
    </button>
  );
}
