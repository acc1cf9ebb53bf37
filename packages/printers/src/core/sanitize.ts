// The boundary between what a printer sends and what the rest of the system stores. Every
// parsed payload goes through `sanitizeJson` before any schema or recursive walk sees it, and
// every event an adapter publishes goes through `sanitizeEvent` (ChangePublisher), so no adapter
// can hand the worker a value PostgreSQL would reject: no NUL and no lone UTF-16 surrogate in any
// string (22P05), bounded string and array lengths, finite numbers only, and a bounded depth
// (a 3,000-level report must never reach a recursive function). The walks here are iterative.

export interface JsonLimits {
  /** Containers nested deeper than this make the whole value invalid (real reports are < 10 deep). */
  maxDepth: number;
  /** Longer strings are cut (UTF-16 code units). */
  maxStringLength: number;
  /** Longer arrays keep their first elements. */
  maxArrayLength: number;
  /** Objects keep their first keys. */
  maxObjectKeys: number;
}

/** For raw vendor payloads: generous, far above any real report (real pushes are 10–35 KB, < 10 deep). */
export const rawPayloadLimits: JsonLimits = {
  maxDepth: 64,
  maxStringLength: 4_096,
  maxArrayLength: 5_000,
  maxObjectKeys: 5_000,
};

/** For what reaches the normalized model and the database. */
export const MAX_TEXT_LENGTH = 1_024;
export const modelLimits: JsonLimits = {
  maxDepth: 32,
  maxStringLength: MAX_TEXT_LENGTH,
  maxArrayLength: 1_000,
  maxObjectKeys: 200,
};

export class JsonDepthError extends Error {
  constructor(readonly maxDepth: number) {
    super(`payload is nested deeper than ${maxDepth} levels`);
    this.name = "JsonDepthError";
  }
}

// Lone surrogates: a high one not followed by a low one, or a low one not preceded by a high one.
// eslint-disable-next-line no-control-regex -- NUL is exactly what must go (PostgreSQL 22P05)
const NEEDS_CLEANING = /[\u0000\uD800-\uDFFF]/;
// eslint-disable-next-line no-control-regex -- as above
const UNWANTED = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Strips NUL and lone surrogates and cuts to `maxLength` without splitting a surrogate pair. */
export function cleanText(value: string, maxLength: number = MAX_TEXT_LENGTH): string {
  let text = NEEDS_CLEANING.test(value) ? value.replace(UNWANTED, "") : value;
  if (text.length > maxLength) {
    text = text.slice(0, maxLength);
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) text = text.slice(0, -1);
  }
  return text;
}

/** True when `value` has no NUL, no lone surrogate and is at most `maxLength` long. */
export function isCleanText(value: string, maxLength: number = MAX_TEXT_LENGTH): boolean {
  return value.length <= maxLength && cleanText(value, maxLength) === value;
}

type Container = Record<string, unknown> | unknown[];

interface WorkItem {
  source: object;
  target: Container;
  depth: number;
}

/**
 * A cleaned copy of a JSON-like value (plain objects, arrays, strings, numbers, booleans, null;
 * Dates are kept when valid). Non-finite numbers and invalid Dates are dropped (object keys) or
 * become null (array elements); functions, symbols and bigints are dropped. Throws JsonDepthError
 * when containers nest deeper than `limits.maxDepth`. Never recurses.
 */
export function sanitizeJson(value: unknown, limits: JsonLimits = rawPayloadLimits): unknown {
  const first = leaf(value, limits);
  if (first !== CONTAINER) return first === DROP ? undefined : first;
  const root = emptyLike(value as object);
  const stack: WorkItem[] = [{ source: value as object, target: root, depth: 1 }];
  while (stack.length > 0) {
    const { source, target, depth } = stack.pop()!;
    if (depth > limits.maxDepth) throw new JsonDepthError(limits.maxDepth);
    if (Array.isArray(source)) {
      const out = target as unknown[];
      const length = Math.min(source.length, limits.maxArrayLength);
      for (let i = 0; i < length; i++) {
        const item: unknown = source[i];
        const cleaned = leaf(item, limits);
        if (cleaned === CONTAINER) {
          const child = emptyLike(item as object);
          out.push(child);
          stack.push({ source: item as object, target: child, depth: depth + 1 });
        } else out.push(cleaned === DROP ? null : cleaned);
      }
      continue;
    }
    const out = target as Record<string, unknown>;
    let keys = 0;
    for (const key in source) {
      if (!Object.hasOwn(source, key)) continue;
      if (keys++ >= limits.maxObjectKeys) break;
      const item: unknown = (source as Record<string, unknown>)[key];
      const cleaned = leaf(item, limits);
      if (cleaned === DROP) continue;
      const cleanKey = cleanText(key, limits.maxStringLength);
      if (cleaned === CONTAINER) {
        const child = emptyLike(item as object);
        setKey(out, cleanKey, child);
        stack.push({ source: item as object, target: child, depth: depth + 1 });
      } else setKey(out, cleanKey, cleaned);
    }
  }
  return root;
}

const CONTAINER = Symbol("container");
const DROP = Symbol("drop");

function leaf(value: unknown, limits: JsonLimits): unknown {
  switch (typeof value) {
    case "string":
      return cleanText(value, limits.maxStringLength);
    case "number":
      return Number.isFinite(value) ? value : DROP;
    case "boolean":
      return value;
    case "object":
      if (value === null) return null;
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? DROP : value;
      return CONTAINER;
    default:
      return DROP; // undefined, function, symbol, bigint
  }
}

function emptyLike(value: object): Container {
  return Array.isArray(value) ? [] : {};
}

// A "__proto__" key (JSON.parse makes it an own property) must stay a plain key, not a prototype change.
function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__")
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** How deep containers nest (1 for `{}`), counting at most to `limit + 1`. Iterative. */
export function jsonDepth(value: unknown, limit: number = rawPayloadLimits.maxDepth): number {
  let deepest = 0;
  const stack: Array<{ v: unknown; d: number }> = [{ v: value, d: 1 }];
  while (stack.length > 0) {
    const { v, d } = stack.pop()!;
    if (typeof v !== "object" || v === null || v instanceof Date) continue;
    deepest = Math.max(deepest, d);
    if (d > limit) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push({ v: child, d: d + 1 });
  }
  return deepest;
}
