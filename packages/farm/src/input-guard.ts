// Hostile input stops at the door. Every tRPC procedure (a middleware in trpc.ts) and the JSON
// routes outside tRPC (sign-in, setup) check the decoded body before any schema or query sees
// it: no NUL characters (PostgreSQL cannot store them: 22P05), no lone UTF-16 surrogates, no
// giant strings or arrays, no deep nesting. The procedures' own zod schemas set the tighter,
// field-specific limits; this is the floor every input shares.

export const inputLimits = {
  /** The longest text any field takes (printer settings allow 4,000; certificates are shorter). */
  stringLength: 16_384,
  arrayLength: 1_000,
  objectKeys: 200,
  depth: 16,
} as const;

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const where = (path: string) => (path ? ` (at ${path})` : "");

function textReason(text: string, path: string): string | null {
  if (text.length > inputLimits.stringLength)
    return `Text is too long${where(path)}: at most ${inputLimits.stringLength} characters.`;
  if (text.includes("\0")) return `Text must not contain NUL characters${where(path)}.`;
  if (loneSurrogate.test(text))
    return `Text must be valid Unicode (a lone surrogate was found)${where(path)}.`;
  return null;
}

/** Why a decoded input is refused (one clear sentence naming the field), or null when it is acceptable. */
export function hostileInputReason(input: unknown): string | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: input, path: "", depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === "string") {
      const reason = textReason(value, path);
      if (reason) return reason;
      continue;
    }
    if (typeof value === "number" && !Number.isFinite(value)) return `Numbers must be finite${where(path)}.`;
    if (typeof value !== "object" || value === null || value instanceof Date) continue;
    if (depth >= inputLimits.depth)
      return `The input is nested too deeply${where(path)}: at most ${inputLimits.depth} levels.`;
    if (Array.isArray(value)) {
      if (value.length > inputLimits.arrayLength)
        return `Too many items${where(path)}: at most ${inputLimits.arrayLength}.`;
      value.forEach((item, index) =>
        stack.push({ value: item, path: `${path}[${index}]`, depth: depth + 1 }),
      );
      continue;
    }
    const entries = Object.entries(value);
    if (entries.length > inputLimits.objectKeys)
      return `Too many fields${where(path)}: at most ${inputLimits.objectKeys}.`;
    for (const [key, item] of entries) {
      const keyPath = path ? `${path}.${key.slice(0, 40)}` : key.slice(0, 40);
      const keyReason = textReason(key, `${keyPath} (field name)`);
      if (keyReason) return keyReason;
      stack.push({ value: item, path: keyPath, depth: depth + 1 });
    }
  }
  return null;
}

// PostgreSQL "data exception" (class 22: 22P05 untranslatable character, 22003 out of range,
// 22001 too long, 22007/22008 bad datetime, 22P02 bad text representation, 22021 bad byte
// sequence) and 54000 (an index row too large for a giant value), and Prisma's codes for the
// same: the caller's data was refused, so the caller gets 400, not a server error.
const prismaDataCodes = new Set([
  "P2000",
  "P2005",
  "P2006",
  "P2007",
  "P2009",
  "P2012",
  "P2019",
  "P2020",
  "P2023",
  "P2033",
]);
const isSqlDataState = (code: string) => /^22[0-9A-Z]{3}$/.test(code) || code === "54000";

/** True when an error (or one of its causes) is the database refusing the caller's data. */
export function isDataRejection(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < 20) {
    const current = queue.shift();
    if (typeof current !== "object" || current === null || seen.has(current)) continue;
    seen.add(current);
    const record = current as Record<string, unknown>;
    for (const key of ["code", "originalCode"]) {
      const code = record[key];
      if (typeof code === "string" && (prismaDataCodes.has(code) || isSqlDataState(code))) return true;
    }
    queue.push(
      record.cause,
      record.meta,
      (record.meta as Record<string, unknown> | undefined)?.driverAdapterError,
    );
  }
  return false;
}
