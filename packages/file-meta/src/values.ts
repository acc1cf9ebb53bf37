// Small parsers for the values slicers write: durations ("1d 2h 3m 4s"), number lists
// ("0.4,0.4", "3.72, 1.20"), colours ("#ECA514FF" → "#ECA514"), slicer names.

const DURATION_PART = /(\d+(?:\.\d+)?)\s*([dhms])/gi;
const UNIT_SECONDS: Record<string, number> = { d: 86_400, h: 3_600, m: 60, s: 1 };

/** "1d 2h 3m 4s", "58m 3s", "26s", "3600" (plain seconds) → seconds; undefined if it is none of these. */
export function parseDuration(text: string | undefined): number | undefined {
  const value = text?.trim();
  if (!value) return undefined;
  if (/^\d+(?:\.\d+)?$/.test(value)) return Math.round(Number(value));
  if (!/^(?:\d+(?:\.\d+)?\s*[dhms]\s*)+$/i.test(value)) return undefined;
  let seconds = 0;
  for (const [, amount, unit] of value.matchAll(DURATION_PART))
    seconds += Number(amount) * (UNIT_SECONDS[unit!.toLowerCase()] ?? 0);
  return Math.round(seconds);
}

/** "PLA;PETG", "0.4,0.4", `["PLA","PETG"]` → the items, trimmed, quotes removed (empty items kept as ""). */
export function splitList(text: string | undefined): string[] {
  if (text === undefined) return [];
  return text
    .split(/[;,]/)
    .slice(0, 64)
    .map((item) => item.trim().replace(/^"(.*)"$/, "$1"));
}

/** A finite number, or undefined ("", "nan", "12abc" are not numbers). */
export function toNumber(text: string | undefined): number | undefined {
  if (text === undefined || !/^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?\s*$/i.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

export function numberList(text: string | undefined): (number | undefined)[] {
  return splitList(text).map(toNumber);
}

/** "#eca514ff", "#ECA514", "ECA514" → "#ECA514"; anything else undefined. */
export function normalizeColor(text: string | undefined): string | undefined {
  const match = /^#?([0-9a-f]{6})(?:[0-9a-f]{2})?$/i.exec(text?.trim() ?? "");
  return match ? `#${match[1]!.toUpperCase()}` : undefined;
}

/** "PrusaSlicer 2.8.1+linux-x64-GTK3" → "PrusaSlicer 2.8.1"; "BambuStudio-02.00.03.54" → "BambuStudio 02.00.03.54". */
export function normalizeSlicer(text: string | undefined): string | undefined {
  const value = text?.trim();
  if (!value) return undefined;
  const match = /^([A-Za-z][\w.]*?(?:[ _-][A-Za-z][\w]*)*?)[ -]v?(\d[\w.]*)/.exec(value);
  if (match) return `${match[1]} ${match[2]!.replace(/\+.*$/, "")}`;
  return value.slice(0, 200);
}
