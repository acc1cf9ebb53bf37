// The name a file gets on a PrusaLink printer. Buddy refuses `\ : * ? " < > |` (422), answers 404
// for a `%` that survives URL decoding (prusa3d/PrusaSlicer#14204), 414 for a request URL over
// 168 bytes (MAX_URL_LEN) and 431 for a long name; so the name is cleaned and shortened, keeping
// its extension, until the whole encoded URL fits. The 8.3 short name is the printer's business:
// the upload's answer says which one it chose.

/** Buddy's MAX_URL_LEN: the request target, path and all. */
export const MAX_URL_BYTES = 168;
/** Longest name the printers take (the simulator answers 431 above it, as Buddy does for long names). */
export const MAX_NAME_CHARS = 96;

/** `name` cleaned and shortened so that `prefix + encodeURIComponent(name)` is at most 168 bytes. */
export function printerFileName(name: string, prefix: string): string {
  const base = name.split(/[/\\]/).pop() ?? "";
  const cleaned = base
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f%:*?"<>|#]/g, "_")
    .replace(/\s+/g, " ")
    .trim();
  // The extension is kept whole (`.gcode.3mf` too); a name that is only an extension (".bgcode")
  // or only dots gets the stem "print", so it keeps the extension the printer needs.
  const extension = /(\.gcode\.3mf|\.[^.\s]+)$/i.exec(cleaned)?.[0] ?? "";
  let stem = [...cleaned.slice(0, cleaned.length - extension.length).replace(/^[.\s]+/, "")];
  if (stem.join("").trim() === "") stem = [..."print"];
  const fits = (candidate: string) =>
    candidate.length <= MAX_NAME_CHARS &&
    Buffer.byteLength(prefix + encodeURIComponent(candidate)) <= MAX_URL_BYTES;
  while (stem.length > 1 && !fits(stem.join("").trimEnd() + extension)) stem.pop();
  const result = stem.join("").trimEnd() + extension;
  if (!fits(result))
    throw new RangeError(`the file name ${JSON.stringify(name)} cannot be made short enough for the printer`);
  return result;
}
