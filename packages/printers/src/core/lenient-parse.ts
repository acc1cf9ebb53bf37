// Per-field parsing of a printer payload: one field of an unexpected shape (a number where an
// array is expected, or the reverse: custom firmware, new models) costs that field, never the whole
// report. The zod schema and the value are walked together: what parses is kept, a bad field is
// dropped at the deepest sensible level (an optional field; an array element whose required field is
// bad), and each drop is a `FieldWarning` naming the path and the type found. Only a bad field with
// no place to drop it (a required field up to the root) or one marked `essential` fails the payload.
import type { z } from "zod";

export interface FieldWarning {
  /** Where the bad value is, e.g. `print.ams.ams[0].tray[2].remain`. */
  path: string;
  /** What was removed because of it: the field itself, or the array element that needed it. */
  dropped: string;
  /** The JSON type found: string, number, boolean, null, array, object or missing. */
  valueType: string;
  /** What the schema wanted, e.g. "number" or "array". */
  expected: string;
  /** A short excerpt of a scalar value (never of an object or array). */
  excerpt?: string;
}

export type LenientResult<T> =
  { ok: true; data: T; warnings: FieldWarning[] } | { ok: false; issues: string[]; warnings: FieldWarning[] };

type Key = string | number;
type Schema = z.ZodType;
type Walk = { ok: true; value: unknown } | { ok: false };

const essentialSchemas = new WeakSet<Schema>();

/**
 * Marks a schema whose bad value makes the whole payload unusable (a protocol error), e.g. a job id
 * or job state: dropping it would read as "no job" and end a running print.
 */
export function essential<S extends Schema>(schema: S): S {
  essentialSchemas.add(schema);
  return schema;
}

class EssentialFieldError extends Error {}

/** At most this many warnings per payload are kept (a 5,000-element array of bad entries is one problem). */
const MAX_WARNINGS = 50;

export function lenientParse<S extends Schema>(schema: S, value: unknown): LenientResult<z.output<S>> {
  const strict = schema.safeParse(value);
  if (strict.success) return { ok: true, data: strict.data as z.output<S>, warnings: [] };
  const warnings: FieldWarning[] = [];
  const issues = strict.error.issues
    .slice(0, 5)
    .map((i) => `${formatPath(i.path as Key[]) || "(root)"}: ${i.message}`);
  try {
    const walked = walk(schema, value, [], warnings);
    if (walked.ok) return { ok: true, data: walked.value as z.output<S>, warnings };
  } catch (error) {
    if (!(error instanceof EssentialFieldError)) throw error;
  }
  return { ok: false, issues, warnings };
}

/** `print.ams.ams[0].tray[2].remain` */
export function formatPath(path: readonly Key[]): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else text += text ? `.${key}` : key;
  }
  return text;
}

/** The path with array indices generalized (`hms[*].attr`), for rate limiting per field. */
export function fieldOf(path: string): string {
  return path.replace(/\[\d+\]/g, "[*]");
}

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly"]);

// Containers of the right kind are walked field by field without asking zod about the whole first
// (a 5,000-element list of bad entries would otherwise be parsed, and fail, once per level).
function walk(schema: Schema, value: unknown, path: Key[], warnings: FieldWarning[]): Walk {
  const def = defOf(schema);
  // A wrapper decides only about undefined/null; anything else is its inner schema's business.
  if (WRAPPERS.has(def.type) && value !== undefined && value !== null)
    return walk(def.innerType!, value, path, warnings);
  if (def.type === "lazy") return walk(def.getter!(), value, path, warnings);
  if (def.type === "pipe" && defOf(def.in!).type === "transform") {
    // z.preprocess: the transform runs first (it cannot fail on its own), then its output is walked.
    const first = def.in!.safeParse(value);
    if (first.success) return walk(def.out!, first.data, path, warnings);
  }
  let walked: Walk | undefined;
  if (def.type === "object" && isPlainObject(value)) walked = walkObject(def, value, path, warnings);
  else if (def.type === "array" && Array.isArray(value)) walked = walkArray(def, value, path, warnings);
  else if (def.type === "union") {
    // Pick the option of the value's kind (an object for an object, a list for a list) and walk it.
    const kind = jsonType(value);
    const fitting = def.options!.filter((o) => containerKind(o) === kind);
    if (fitting.length === 1) walked = walk(fitting[0]!, value, path, warnings);
  }
  if (walked) {
    if (!walked.ok && essentialSchemas.has(schema)) throw new EssentialFieldError(formatPath(path));
    return walked;
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return fail(schema, parsed.error.issues[0], value, path, warnings);
}

function walkObject(
  def: SchemaDef,
  value: Record<string, unknown>,
  path: Key[],
  warnings: FieldWarning[],
): Walk {
  const out: Record<string, unknown> = { ...value };
  let usable = true;
  // Every field is visited (even after a bad required one) so each bad field gets its warning.
  for (const [key, field] of Object.entries(def.shape!)) {
    const present = Object.hasOwn(value, key);
    const before = warnings.length;
    const child = walk(field, present ? value[key] : undefined, [...path, key], warnings);
    if (child.ok) {
      if (child.value !== undefined || present) out[key] = child.value;
      continue;
    }
    // A bad optional field is dropped; a bad required one takes its object with it.
    if (!acceptsMissing(field)) usable = false;
    delete out[key];
    markDropped(warnings, before, [...path, key]);
  }
  return usable ? { ok: true, value: out } : { ok: false };
}

function walkArray(def: SchemaDef, value: unknown[], path: Key[], warnings: FieldWarning[]): Walk {
  const out: unknown[] = [];
  value.forEach((item, index) => {
    const before = warnings.length;
    const child = walk(def.element!, item, [...path, index], warnings);
    if (child.ok) out.push(child.value);
    else markDropped(warnings, before, [...path, index]);
  });
  return { ok: true, value: out };
}

const missingAccepted = new WeakMap<Schema, boolean>();
function acceptsMissing(schema: Schema): boolean {
  let accepted = missingAccepted.get(schema);
  if (accepted === undefined) {
    accepted = schema.safeParse(undefined).success;
    missingAccepted.set(schema, accepted);
  }
  return accepted;
}

function fail(
  schema: Schema,
  issue: z.core.$ZodIssue | undefined,
  value: unknown,
  path: Key[],
  warnings: FieldWarning[],
): Walk {
  if (essentialSchemas.has(schema)) throw new EssentialFieldError(formatPath(path));
  if (warnings.length < MAX_WARNINGS) {
    const text = formatPath(path);
    const expected =
      issue && "expected" in issue && typeof issue.expected === "string" ? issue.expected : "another value";
    const excerpt = excerptOf(value);
    warnings.push({
      path: text,
      dropped: text,
      valueType: jsonType(value),
      expected,
      ...(excerpt !== undefined ? { excerpt } : {}),
    });
  }
  return { ok: false };
}

/** The warnings recorded while walking `path` (from index `since`) now say that `path` is what was removed. */
function markDropped(warnings: FieldWarning[], since: number, path: Key[]): void {
  const text = formatPath(path);
  for (let i = since; i < warnings.length; i++)
    if (warnings[i]!.dropped.length > text.length) warnings[i]!.dropped = text;
}

interface SchemaDef {
  type: string;
  innerType?: Schema;
  getter?: () => Schema;
  in?: Schema;
  out?: Schema;
  shape?: Record<string, Schema>;
  element?: Schema;
  options?: Schema[];
}

const defOf = (schema: Schema) => (schema as unknown as { def: SchemaDef }).def;

function containerKind(schema: Schema): string | undefined {
  const def = defOf(schema);
  if (def.type === "object") return "object";
  if (def.type === "array") return "array";
  if (def.innerType) return containerKind(def.innerType);
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "missing";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function excerptOf(value: unknown): string | undefined {
  if (typeof value === "string") return value.length > 40 ? `${value.slice(0, 40)}…` : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}
