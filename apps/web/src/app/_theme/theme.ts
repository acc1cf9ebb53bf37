// The colour theme a person picked: light, dark, or the system's (default). Kept in a cookie
// so the server renders the right class on <html> and nothing flashes on load.
export const themeCookie = "printernizer-theme";
export const themes = ["system", "light", "dark"] as const;
export type Theme = (typeof themes)[number];

export function parseTheme(value: string | undefined): Theme {
  return (themes as readonly string[]).includes(value ?? "") ? (value as Theme) : "system";
}

/** Runs before the first paint when the theme follows the system (no React yet). */
export const systemThemeScript = `(()=>{try{const m=matchMedia("(prefers-color-scheme: dark)");const a=()=>{if(document.documentElement.dataset.theme==="system")document.documentElement.classList.toggle("dark",m.matches)};a();m.addEventListener("change",a)}catch{}})()`;
