// superjson (the wire format the browser decodes), with one addition: a value the farm cache
// shares between every stream and list call (`shareOnWire`: never changed once handed out)
// is serialized once and the result reused — ten dashboards cost one serialization per
// message, not ten. Everything else is serialized as superjson does it, every time.
import superjson from "superjson";
import type { DataTransformer } from "@trpc/server";
import { isSharedOnWire } from "@printernizer/farm/live/wire-shared";

type Serialized = ReturnType<typeof superjson.serialize>;
const serializedOnce = new WeakMap<object, Serialized>();

export const wireTransformer: DataTransformer = {
  serialize(value: unknown) {
    if (!isSharedOnWire(value)) return superjson.serialize(value);
    let result = serializedOnce.get(value);
    if (!result) serializedOnce.set(value, (result = superjson.serialize(value)));
    return result;
  },
  deserialize: (value) => superjson.deserialize(value as Serialized),
};
