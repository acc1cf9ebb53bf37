// Keeps the full printer state from P1/A1 deltas (`msg: 1`). Objects are deep-merged; the
// arrays whose elements carry an `id` the firmware updates one element at a time (AMS units,
// their trays, virtual slots, `device.*.info[]`) are merged element by element, matched by id;
// every other array (hms, stg, lights_report, ...) is replaced, because the firmware always
// sends those whole. Shallow merging (what several other clients do) loses the other trays as
// soon as a delta carries one tray.
// The walk recurses once per level: callers pass values bounded by core/sanitize (the adapter
// rejects reports nested deeper than 64 levels before they get here), and `mergeReport` checks
// the bound again so a 3,000-level value can never overflow the stack.

import { JsonDepthError, jsonDepth, rawPayloadLimits } from "../core/sanitize";

type Json = unknown;
type JsonObject = Record<string, Json>;

function isObject(value: Json): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Which arrays merge by id, given the path of keys leading to them. */
function mergesById(path: readonly string[]): boolean {
  const key = path[path.length - 1];
  if (key === "tray" || key === "vir_slot") return true;
  if (key === "ams" && path[path.length - 2] === "ams") return true;
  if (key === "info" && path[0] === "device") return true;
  return false;
}

function idOf(value: Json): string | undefined {
  if (!isObject(value)) return undefined;
  const id = value.id;
  return typeof id === "string" || typeof id === "number" ? String(id) : undefined;
}

function mergeArrayById(base: Json[], delta: Json[], path: readonly string[]): Json[] {
  const result = base.map((item) => structuredClone(item));
  delta.forEach((item, index) => {
    const id = idOf(item);
    // Elements without an id can only be matched by position.
    const at = id === undefined ? index : result.findIndex((existing) => idOf(existing) === id);
    if (at >= 0 && at < result.length) result[at] = mergeValue(result[at], item, path);
    else result.push(structuredClone(item));
  });
  return result;
}

function mergeValue(base: Json, delta: Json, path: readonly string[]): Json {
  if (isObject(base) && isObject(delta)) return mergeObjects(base, delta, path);
  if (Array.isArray(base) && Array.isArray(delta) && mergesById(path))
    return mergeArrayById(base, delta, path);
  return structuredClone(delta);
}

function mergeObjects(base: JsonObject, delta: JsonObject, path: readonly string[]): JsonObject {
  const result: JsonObject = { ...base };
  for (const [key, value] of Object.entries(delta)) {
    result[key] = key in base ? mergeValue(base[key], value, [...path, key]) : structuredClone(value);
  }
  return result;
}

/** Returns a new state: `state` with `delta` applied. Neither input is modified. Throws JsonDepthError past 64 levels. */
export function mergeReport<T extends object>(state: T, delta: object): T {
  if (jsonDepth(delta) > rawPayloadLimits.maxDepth) throw new JsonDepthError(rawPayloadLimits.maxDepth);
  return mergeObjects(state as JsonObject, delta as JsonObject, []) as T;
}
