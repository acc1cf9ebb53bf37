// The wall's groups: printers by location (name order inside, as the list comes), locations in
// alphabetical order, printers without one last under "Other printers".
import type { WallPrinter } from "@printernizer/farm/live/wall-rows";

export const noLocationGroup = "Other printers";

export function wallGroups(printers: WallPrinter[]): { name: string; printers: WallPrinter[] }[] {
  const groups = new Map<string, WallPrinter[]>();
  for (const p of printers) {
    const name = p.location ?? noLocationGroup;
    const list = groups.get(name);
    if (list) list.push(p);
    else groups.set(name, [p]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === noLocationGroup ? 1 : b === noLocationGroup ? -1 : a.localeCompare(b)))
    .map(([name, list]) => ({ name, printers: list }));
}
