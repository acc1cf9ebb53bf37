// Small pieces the compatibility check speaks with: a filament in words, a tray's name, whether
// two material names are the same material, and how far apart two colours look (CIE76 ΔE in Lab).
import type { FilamentNeed } from "@printernizer/file-meta";
import type { FilamentSlot } from "@printernizer/printers";

/** "PETG (#FF8000)", "PLA", "filament #FFFFFF". */
export function describeNeed(need: Pick<FilamentNeed, "type" | "color">): string {
  const color = need.color ? need.color.slice(0, 7).toUpperCase() : undefined;
  if (need.type) return color ? `${need.type} (${color})` : need.type;
  return color ? `filament ${color}` : "filament";
}

const materialKey = (name: string) =>
  name
    .trim()
    .toUpperCase()
    .replace(/[\s_]+/g, "-");

/** "PLA" = "pla"; "PLA-CF" = "PLA CF"; "PLA" ≠ "PLA-CF". */
export function sameMaterial(a: string, b: string | undefined): boolean {
  return b !== undefined && materialKey(a) === materialKey(b);
}

/** Where a slot is: "AMS 1 slot 2", "AMS HT 1", "External spool". */
export function slotPlace(slot: FilamentSlot): string {
  if (slot.unit === "external") return "External spool";
  return slot.unit >= 128 ? `AMS HT ${slot.unit - 127}` : `AMS ${slot.unit + 1} slot ${slot.slot + 1}`;
}

/** A slot and what it holds: "AMS 1 slot 2: PLA #FFFFFF", "External spool: unknown filament". */
export function slotLabel(slot: FilamentSlot): string {
  const where = slotPlace(slot);
  if (slot.state === "empty") return `${where}: empty`;
  if (!slot.material) return `${where}: unknown filament`;
  return `${where}: ${slot.material}${slot.color ? ` ${slot.color.slice(0, 7).toUpperCase()}` : ""}`;
}

function rgb(color: string | undefined): [number, number, number] | undefined {
  const hex = /^#?([0-9a-f]{6})(?:[0-9a-f]{2})?$/i.exec(color?.trim() ?? "")?.[1];
  if (!hex) return undefined;
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
}

function lab([r, g, b]: [number, number, number]): [number, number, number] {
  const linear = (c: number) => (c > 0.04045 ? ((c + 0.055) / 1.055) ** 2.4 : c / 12.92);
  const [lr, lg, lb] = [linear(r), linear(g), linear(b)];
  // sRGB (D65) → XYZ, normalized by the white point.
  const x = (0.4124 * lr + 0.3576 * lg + 0.1805 * lb) / 0.95047;
  const y = 0.2126 * lr + 0.7152 * lg + 0.0722 * lb;
  const z = (0.0193 * lr + 0.1192 * lg + 0.9505 * lb) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 / 116) * t + 16 / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

/** CIE76 ΔE between two #RRGGBB(AA) colours (0 = the same, ~2.3 = just noticeable), or undefined when either is not a colour. */
export function colorDistance(a: string | undefined, b: string | undefined): number | undefined {
  const ra = rgb(a);
  const rb = rgb(b);
  if (!ra || !rb) return undefined;
  const la = lab(ra);
  const lb = lab(rb);
  return Math.hypot(la[0] - lb[0], la[1] - lb[1], la[2] - lb[2]);
}
