// Where a printer stands and how people label it: a location ("Room 2 / Rack A", the dashboard's
// groups) and free tags ("PETG", "0.6 nozzle"; filters and notification scopes). Both are typed
// in Admin → Printers; these rules tidy them (trimmed, blanks dropped, tags de-duplicated without
// regard to case, the first spelling kept) and refuse what is too long with a sentence saying
// what to do.
import { z } from "zod";

export const maxLocationLength = 80;
export const maxTagLength = 32;
export const maxTags = 20;

const tag = z
  .string()
  .trim()
  .max(maxTagLength, `Keep each tag under ${maxTagLength + 1} characters; shorten or split it.`);

export const ZPrinterLocationSchema = z
  .string()
  .trim()
  .max(
    maxLocationLength,
    `Keep the location under ${maxLocationLength + 1} characters, e.g. "Room 2 / Rack A".`,
  )
  .nullish()
  .transform((value) => value || null);

export const ZPrinterTagsSchema = z
  .array(tag)
  .max(maxTags * 5, `A printer has at most ${maxTags} tags; remove some.`)
  .transform(uniqueTags)
  .refine((tags) => tags.length <= maxTags, `A printer has at most ${maxTags} tags; remove some.`);

/** Blanks dropped, the first spelling of each tag kept (case-insensitive), order kept. */
export function uniqueTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim();
    const key = tag.toLocaleLowerCase("en");
    if (!tag || seen.has(key)) continue;
    seen.add(key);
    kept.push(tag);
  }
  return kept;
}

/** "PETG, night shift ,petg" → ["PETG", "night shift"]: how the admin form's text box is read. */
export function tagsFromText(text: string): string[] {
  return uniqueTags(text.split(","));
}

/** Tag equality as the dashboard filters by it: case does not matter. */
export function sameTag(a: string, b: string): boolean {
  return a.toLocaleLowerCase("en") === b.toLocaleLowerCase("en");
}
