// fast-check arbitraries that change the JSON type of 1-3 fields of a real payload (a number becomes
// a string, list, object, null or boolean; a list becomes a number or object; ...), the way custom
// firmware and new models surprise a parser, plus the helpers a test needs to say what the schema
// knows about a path. Paths are picked from the payload itself, never one inside another.
import fc from "fast-check";
import type { z } from "zod";

export type JsonPath = Array<string | number>;

export interface TypeMutation {
  path: JsonPath;
  value: unknown;
}

/** Every path below the root (objects, arrays and scalars), breadth first, without recursion. */
export function jsonPaths(root: unknown, limit = 5_000): JsonPath[] {
  const paths: JsonPath[] = [];
  const queue: Array<{ value: unknown; path: JsonPath }> = [{ value: root, path: [] }];
  while (queue.length > 0 && paths.length < limit) {
    const { value, path } = queue.shift()!;
    if (path.length > 0) paths.push(path);
    if (typeof value !== "object" || value === null) continue;
    const entries: Array<[string | number, unknown]> = Array.isArray(value)
      ? value.map((item, i) => [i, item])
      : Object.entries(value);
    for (const [key, child] of entries) queue.push({ value: child, path: [...path, key] });
  }
  return paths;
}

export function valueAt(root: unknown, path: JsonPath): unknown {
  let node = root;
  for (const key of path) node = (node as Record<string | number, unknown> | undefined)?.[key];
  return node;
}

/** A value of another JSON type than `value`. `pick` chooses among the alternatives. */
export function otherType(value: unknown, pick: number): unknown {
  const alternatives: unknown[] = [];
  if (typeof value !== "number") alternatives.push(42.5);
  if (typeof value !== "string") alternatives.push("surprise");
  if (typeof value !== "boolean") alternatives.push(true);
  if (value !== null) alternatives.push(null);
  if (!Array.isArray(value)) alternatives.push([1, "two"]);
  if (typeof value !== "object" || value === null || Array.isArray(value)) alternatives.push({ odd: 1 });
  return alternatives[pick % alternatives.length];
}

/** 1-3 type mutations at paths of `root`, none inside another. */
export function typeMutations(root: unknown): fc.Arbitrary<TypeMutation[]> {
  const paths = jsonPaths(root);
  return fc
    .uniqueArray(fc.record({ index: fc.nat({ max: paths.length - 1 }), pick: fc.nat() }), {
      minLength: 1,
      maxLength: 3,
      selector: (m) => m.index,
    })
    .map((picks) => {
      const chosen: TypeMutation[] = [];
      for (const { index, pick } of picks) {
        const path = paths[index]!;
        if (chosen.some((m) => isPrefix(m.path, path) || isPrefix(path, m.path))) continue;
        chosen.push({ path, value: otherType(valueAt(root, path), pick) });
      }
      return chosen;
    });
}

function isPrefix(prefix: JsonPath, path: JsonPath): boolean {
  return prefix.length <= path.length && prefix.every((key, i) => path[i] === key);
}

/** A copy of `root` with each path set to its value, or removed when the value is `REMOVE`. */
export const REMOVE = Symbol("remove");
export function withChanges(root: unknown, changes: Array<{ path: JsonPath; value: unknown }>): unknown {
  const copy = structuredClone(root);
  for (const { path, value } of changes) {
    const parent = valueAt(copy, path.slice(0, -1)) as Record<string | number, unknown>;
    const key = path[path.length - 1]!;
    if (value === REMOVE) delete parent[key];
    else parent[key] = value;
  }
  return copy;
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  getter?: () => z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
}
const defOf = (schema: z.ZodType) => (schema as unknown as { def: Def }).def;

/**
 * The schema of the field at `path`, found by following the schema alone (independent of the
 * parser under test), or undefined when the schema does not know the path (an extra key of a loose
 * object, the inside of a record or of a union).
 */
export function schemaAt(schema: z.ZodType, path: JsonPath): z.ZodType | undefined {
  let node: z.ZodType | undefined = schema;
  for (const key of path) {
    node = node && containerOf(node);
    if (!node) return undefined;
    const def = defOf(node);
    if (def.type === "object") node = typeof key === "string" ? def.shape?.[key] : undefined;
    else if (def.type === "array") node = typeof key === "number" ? def.element : undefined;
    else return undefined;
  }
  return node;
}

/**
 * Whether the schema knows the field at `path` and refuses `value` there as a whole. A union with
 * an option of the value's kind (PrusaLink's storage: an object or a list) may keep part of it.
 */
export function refusesAt(schema: z.ZodType, path: JsonPath, value: unknown): boolean {
  const field = schemaAt(schema, path);
  if (!field || field.safeParse(value).success) return false;
  const kind = Array.isArray(value) ? "array" : typeof value === "object" && value !== null ? "object" : "";
  return !unionOptions(field).some((option) => defOf(option).type === kind);
}

function unionOptions(schema: z.ZodType): z.ZodType[] {
  const def = defOf(schema);
  if (def.type === "union") return (def.options ?? []).map((o) => containerOf(o) ?? o);
  if (def.innerType) return unionOptions(def.innerType);
  if (def.type === "pipe" && def.in && defOf(def.in).type === "transform") return unionOptions(def.out!);
  return [];
}

function containerOf(schema: z.ZodType): z.ZodType | undefined {
  const def = defOf(schema);
  if (def.type === "object" || def.type === "array") return schema;
  if (def.innerType) return containerOf(def.innerType);
  if (def.type === "lazy") return containerOf(def.getter!());
  if (def.type === "pipe" && def.in && defOf(def.in).type === "transform") return containerOf(def.out!);
  return undefined;
}
