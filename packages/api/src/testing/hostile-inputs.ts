// Test helper: from a procedure's zod input schema, a plausible valid input and, for every
// text / number / date field it accepts, the same input with that one field made hostile
// (NUL, lone surrogate, 1 MB text, numbers beyond int32 / int64 / double range...).
import type { z } from "zod";

type Schema = z.core.$ZodType;
type Path = (string | number)[];
interface Leaf {
  path: Path;
  kind: "string" | "number" | "date";
}
interface Def {
  type: string;
  [key: string]: unknown;
}

const defOf = (schema: Schema) =>
  (schema as unknown as { _zod: { def: Def; bag: Record<string, unknown> } })._zod;

/** Values for fields that refer to rows, so the hostile variants reach past "not found". */
export type KnownValues = Record<string, unknown>;

function sampleString(bag: Record<string, unknown>, key: string, known: KnownValues): string {
  if (typeof known[key] === "string") return known[key];
  switch (bag.format) {
    case "email":
      return "fuzz@example.com";
    case "url":
      return "https://example.com/hook";
    case "datetime":
      return new Date().toISOString();
    case "uuid":
      return "00000000-0000-4000-8000-000000000000";
  }
  const patterns = (bag.patterns as Set<RegExp> | undefined) ?? new Set<RegExp>();
  for (const candidate of ["1", "a1", "0".repeat(64), "fuzz"])
    if ([...patterns].every((p) => p.test(candidate))) return candidate;
  const min = typeof bag.minimum === "number" ? bag.minimum : 1;
  return "fuzz-value".padEnd(Math.max(min, 10), "x").slice(0, Math.max(min, 10));
}

function sampleNumber(bag: Record<string, unknown>): number {
  const min = typeof bag.minimum === "number" ? bag.minimum : 1;
  const max = typeof bag.maximum === "number" ? bag.maximum : min + 10;
  return Math.min(Math.max(1, min), max);
}

/** A plausible input for `schema` and the paths of its hostile-able leaves. */
export function sampleInput(
  schema: Schema,
  known: KnownValues = {},
  key = "",
  path: Path = [],
  leaves: Leaf[] = [],
): { value: unknown; leaves: Leaf[] } {
  const { def, bag } = defOf(schema);
  const inner = (other: Schema) => sampleInput(other, known, key, path, leaves).value;
  let value: unknown;
  switch (def.type) {
    case "string":
      leaves.push({ path, kind: "string" });
      value = sampleString(bag, key, known);
      break;
    case "number":
      leaves.push({ path, kind: "number" });
      value = sampleNumber(bag);
      break;
    case "date":
      leaves.push({ path, kind: "date" });
      value = new Date().toISOString();
      break;
    case "boolean":
      value = true;
      break;
    case "enum":
      value = known[key] ?? Object.values(def.entries as Record<string, unknown>)[0];
      break;
    case "literal":
      value = (def.values as unknown[])[0];
      break;
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [field, fieldSchema] of Object.entries(def.shape as Record<string, Schema>))
        out[field] = sampleInput(fieldSchema, known, field, [...path, field], leaves).value;
      value = out;
      break;
    }
    case "array": {
      const element = sampleInput(def.element as Schema, known, key, [...path, 0], leaves).value;
      value = [element];
      break;
    }
    case "record":
      value = {
        [key === "values" ? "password" : "key"]: sampleInput(
          def.valueType as Schema,
          known,
          "value",
          [...path, key === "values" ? "password" : "key"],
          leaves,
        ).value,
      };
      break;
    case "union":
      value = inner((def.options as Schema[]).at(-1)!);
      break;
    case "pipe":
      value = inner(def.in as Schema);
      break;
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "catch":
    case "readonly":
    case "nonoptional":
      value = inner(def.innerType as Schema);
      break;
    default:
      value = undefined;
  }
  return { value, leaves };
}

export const hostileStrings: [string, string][] = [
  ["NUL", "print\0job"],
  ["lone surrogate", "print\uD800job"],
  ["1 MB text", "x".repeat(1_048_576)],
  ["10 KB text", "y".repeat(10_240)],
  ["beyond int64 digits", "99999999999999999999999"],
  ["negative digits", "-1"],
];
export const hostileNumbers: [string, number][] = [
  ["int32 max + 1", 2 ** 31],
  ["beyond int64", 2 ** 64],
  ["huge double", 1e308],
  ["negative huge", -1e308],
  ["fraction", 1.5],
  ["negative", -1],
];
export const hostileDates: [string, unknown][] = [
  ["year 275760+", "+275761-01-01T00:00:00Z"],
  ["year 99999", "99999-01-01"],
  ["epoch beyond range", 8.64e15 + 1],
  ["NUL date", "2024-01-01\0"],
];

/** The input with the value at `path` replaced. */
export function withValueAt(input: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = (
    Array.isArray(input) ? [...(input as unknown[])] : { ...(input as Record<string, unknown>) }
  ) as Record<string | number, unknown>;
  const [head, ...rest] = path as [string | number, ...Path];
  copy[head] = withValueAt(copy[head], rest, replacement);
  return copy;
}

/** Every hostile variant of a procedure's input: which field, which hostility, the input. */
export function hostileVariants(
  schema: Schema | undefined,
  known: KnownValues,
): { field: string; what: string; mustBeRefused: boolean; input: unknown }[] {
  const generic = [
    { field: "(whole input)", what: "NUL string", mustBeRefused: true, input: "\0" },
    { field: "(whole input)", what: "huge number", mustBeRefused: false, input: 1e308 },
    {
      field: "(whole input)",
      what: "deep nesting",
      mustBeRefused: true,
      input: Array.from({ length: 5_000 }).reduce<unknown>((inner) => ({ a: inner }), "leaf"),
    },
  ];
  if (!schema) return generic;
  const { value, leaves } = sampleInput(schema, known);
  const variants = [...generic];
  for (const leaf of leaves) {
    const field = leaf.path.join(".") || "(input)";
    const table: [string, unknown][] =
      leaf.kind === "string" ? hostileStrings : leaf.kind === "number" ? hostileNumbers : hostileDates;
    for (const [what, bad] of table) {
      // NUL, lone surrogates and 1 MB text are refused at the door, whatever the field.
      const mustBeRefused =
        what === "NUL" || what === "lone surrogate" || what === "1 MB text" || what === "NUL date";
      variants.push({ field, what, mustBeRefused, input: withValueAt(value, leaf.path, bad) });
    }
  }
  return variants;
}
