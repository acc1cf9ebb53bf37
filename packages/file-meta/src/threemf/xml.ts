// Just enough XML for the flat config files of a sliced 3MF (`<metadata key=".." value=".."/>`,
// `<filament id=".." type=".."/>`): elements by name, attributes in any order, quotes of either
// kind, entities decoded. Not a general XML parser, and not meant to be one.
// A start tag's inside: anything but ">", where quoted values may hold ">".
const TAG_INSIDE = `((?:[^>"']|"[^"]*"|'[^']*')*?)`;
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos);/gi, (whole, name: string) => {
    if (name[0] !== "#") return ENTITIES[name.toLowerCase()] ?? whole;
    const code =
      name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** The attributes of one start tag's inside (`key="index" value="1"`), names lower-case. */
export function attributes(tagInside: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const match of tagInside.matchAll(/([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
    out.set(match[1]!.toLowerCase(), decodeEntities(match[2] ?? match[3] ?? ""));
  return out;
}

/** The attributes of every `<name .../>` or `<name ...>` start tag in `xml`. */
export function elements(xml: string, name: string): Map<string, string>[] {
  const pattern = new RegExp(`<${name}\\b${TAG_INSIDE}\\/?>`, "gi");
  return [...xml.matchAll(pattern)].map((match) => attributes(match[1] ?? ""));
}

/** The inner text of every `<name ...>…</name>` element, with its start tag's attributes. */
export function blocks(xml: string, name: string): { attributes: Map<string, string>; inner: string }[] {
  const pattern = new RegExp(`<${name}\\b${TAG_INSIDE}>([\\s\\S]*?)<\\/${name}\\s*>`, "gi");
  return [...xml.matchAll(pattern)].map((match) => ({
    attributes: attributes(match[1] ?? ""),
    inner: match[2] ?? "",
  }));
}

/** `<metadata key="k" value="v"/>` pairs of an element's inside, keys lower-case. */
export function metadataPairs(inner: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const attrs of elements(inner, "metadata")) {
    const key = attrs.get("key");
    if (key !== undefined && !out.has(key.toLowerCase()))
      out.set(key.toLowerCase(), attrs.get("value") ?? "");
  }
  return out;
}
