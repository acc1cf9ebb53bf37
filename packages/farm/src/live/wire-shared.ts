// Values handed to many callers at once and never changed afterwards (the farm cache's
// messages, its memoized list). The tRPC transformer serializes such a value once, not once
// per browser stream or list call (packages/api/src/wire-transformer.ts).
const shared = new WeakSet<object>();

/** Marks `value` as never changed from now on; returns it. */
export function shareOnWire<T extends object>(value: T): T {
  shared.add(value);
  return value;
}

export function isSharedOnWire(value: unknown): value is object {
  return typeof value === "object" && value !== null && shared.has(value);
}
