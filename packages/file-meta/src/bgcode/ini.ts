// The INI encoding of binary G-code metadata blocks: one `key=value` a line (PrusaSlicer writes no
// spaces around "="; tolerated anyway). Keys are returned lower-case, the first occurrence wins.
const MAX_VALUE = 4_096;

export function parseIni(data: Buffer): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of data.toString("utf8").split(/\r?\n/)) {
    const equals = line.indexOf("=");
    if (equals <= 0) continue;
    const key = line.slice(0, equals).trim().toLowerCase();
    if (key && !values.has(key))
      values.set(
        key,
        line
          .slice(equals + 1)
          .trim()
          .slice(0, MAX_VALUE),
      );
  }
  return values;
}
