// superjson (the wire format the browser decodes), with one addition: a value the farm cache
// shares between every stream and list call (`shareOnWire`: never changed once handed out)
// is serialized once and the result reused — ten dashboards cost one serialization per
// message, not ten. A shared array of shared rows (the farm list) is put together from its
// rows' own serializations, so a list in which one printer changed costs one row's walk, not
// the whole farm's. Everything else is serialized as superjson does it, every time.
import superjson from "superjson";
import type { DataTransformer } from "@trpc/server";
import { isSharedOnWire } from "@printernizer/farm/live/wire-shared";

type Serialized = ReturnType<typeof superjson.serialize>;
const serializedOnce = new WeakMap<object, Serialized>();

/** superjson's result for an array, made of its items' results (paths prefixed by the index). */
function serializeItems(items: unknown[]): Serialized {
  if (!items.every(isSharedOnWire)) return superjson.serialize(items);
  const parts = items.map(once);
  // identities shared inside a row would need their paths rewritten too: not worth it, walk it all
  if (parts.some((p) => p.meta?.referentialEqualities)) return superjson.serialize(items);
  const values: Record<string, unknown> = {};
  let typed = false;
  parts.forEach((part, i) => {
    for (const [path, type] of Object.entries(part.meta?.values ?? {})) {
      values[`${i}.${path}`] = type;
      typed = true;
    }
  });
  const json = parts.map((p) => p.json) as Serialized["json"];
  return typed ? ({ json, meta: { values, v: 1 } } as Serialized) : { json };
}

function once(value: object): Serialized {
  let result = serializedOnce.get(value);
  if (!result) {
    result = Array.isArray(value) ? serializeItems(value) : superjson.serialize(value);
    serializedOnce.set(value, result);
  }
  return result;
}

export const wireTransformer: DataTransformer = {
  serialize: (value: unknown) => (isSharedOnWire(value) ? once(value) : superjson.serialize(value)),
  deserialize: (value) => superjson.deserialize(value as Serialized),
};
