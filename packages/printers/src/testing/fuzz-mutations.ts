// fast-check arbitraries that turn a real payload into a hostile one: keys dropped, types
// changed, numbers at and past every bound (2^31, 2^53, ±1e308, 1e400, negative), NUL and lone
// surrogates, 20 KB strings, nesting up to 3,000 levels, arrays of up to 50,000 elements, and
// the document itself truncated, suffixed with garbage or made invalid UTF-8. Deep nesting and
// raw number texts are spliced into the JSON text (JSON.stringify itself recurses).
import fc from "fast-check";

type Json = unknown;

/** The seed and run count of the fuzz suite: fixed in CI, longer runs via the environment. */
export function fuzzSettings(defaultRuns: number): { seed: number; runs: number } {
  const seed = Number(process.env.PRINTERNIZER_FUZZ_SEED ?? 1_230_412);
  const runs = Number(process.env.PRINTERNIZER_FUZZ_RUNS ?? defaultRuns);
  if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(runs) || runs < 1)
    throw new Error("PRINTERNIZER_FUZZ_SEED and PRINTERNIZER_FUZZ_RUNS must be whole numbers");
  return { seed, runs };
}

const SPLICE = "\u0001splice:";

const anyCodeUnits = fc
  .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 })
  .map((codes) => String.fromCharCode(...codes));
const poisonText = fc.oneof(
  anyCodeUnits,
  fc.constantFrom("\u0000", "Benchy\u0000.3mf", "\uD800", "a\uDC00b", "\uDBFF\uDBFF", "🚀\u0000🚀", ""),
  fc.integer({ min: 1_000, max: 20_000 }).map((n) => "x".repeat(n)),
);
const poisonNumber = fc.oneof(
  fc.constantFrom(
    2 ** 31,
    2 ** 31 - 1,
    -(2 ** 31) - 1,
    2 ** 32,
    2 ** 53,
    2 ** 63,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    -1,
    -0.5,
    0,
    1e-300,
    65_535,
    4_294_967_295,
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);
/** Texts spliced into the JSON as they are: numbers JSON.stringify cannot write, deep nesting. */
const splicedText = fc.oneof(
  fc.constantFrom("1e400", "-1e400", "-0", "123456789012345678901234567890"),
  fc.integer({ min: 65, max: 3_000 }).map((levels) => `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`),
  fc.integer({ min: 65, max: 3_000 }).map((levels) => `${"[".repeat(levels)}${"]".repeat(levels)}`),
);
const poisonValue: fc.Arbitrary<Json> = fc.oneof(
  { arbitrary: poisonText, weight: 4 },
  { arbitrary: poisonNumber, weight: 4 },
  { arbitrary: fc.constantFrom(true, false, null, [], {}), weight: 2 },
  { arbitrary: splicedText.map((text) => `${SPLICE}${text}`), weight: 2 },
  {
    arbitrary: fc
      .integer({ min: 100, max: 50_000 })
      .map((n) => Array.from({ length: n }, (_, i) => ({ attr: i, code: i }))),
    weight: 1,
  },
  { arbitrary: fc.dictionary(poisonText, poisonNumber, { maxKeys: 5 }), weight: 1 },
);

/**
 * Fields the model reads (both vendors): a random key of a large report is rarely one of them, so
 * half of the mutations aim here, wherever the key occurs in the document.
 */
const FIELDS = [
  // Bambu `print`
  "gcode_state",
  "subtask_name",
  "gcode_file",
  "task_id",
  "subtask_id",
  "gcode_start_time",
  "mc_percent",
  "mc_remaining_time",
  "layer_num",
  "total_layer_num",
  "print_error",
  "hms",
  "attr",
  "code",
  "nozzle_temper",
  "nozzle_target_temper",
  "bed_temper",
  "bed_target_temper",
  "chamber_temper",
  "wifi_signal",
  "spd_lvl",
  "lights_report",
  "tray_now",
  "ams",
  "tray",
  "tray_type",
  "tray_color",
  "remain",
  "vt_tray",
  "vir_slot",
  "temp",
  "snow",
  "state",
  "module",
  "sw_ver",
  "product_name",
  // PrusaLink status and job
  "printer",
  "job",
  "id",
  "progress",
  "time_remaining",
  "time_printing",
  "temp_nozzle",
  "target_nozzle",
  "temp_bed",
  "target_bed",
  "speed",
  "file",
  "name",
  "display_name",
  "path",
  "size",
  "refs",
  "thumbnail",
  "status_printer",
  "message",
] as const;

type Mutation = { kind: "drop" | "set" | "wrap" | "field"; pick: number; value: Json };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom(
    "drop" as const,
    "set" as const,
    "wrap" as const,
    "field" as const,
    "field" as const,
    "field" as const,
  ),
  pick: fc.nat(),
  value: poisonValue,
});

type Encoding = {
  kind: "json" | "pretty" | "truncated" | "garbage" | "latin1" | "nul-suffix" | "empty";
  at: number;
};

const encoding: fc.Arbitrary<Encoding> = fc.record({
  kind: fc.oneof(
    { arbitrary: fc.constantFrom("json" as const, "pretty" as const), weight: 8 },
    {
      arbitrary: fc.constantFrom(
        "truncated" as const,
        "garbage" as const,
        "latin1" as const,
        "nul-suffix" as const,
        "empty" as const,
      ),
      weight: 2,
    },
  ),
  at: fc.nat(),
});

export interface MutatedPayload {
  mutations: Mutation[];
  encoding: Encoding;
}

export const mutatedPayload: fc.Arbitrary<MutatedPayload> = fc.record({
  mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
  encoding,
});

/** Every container path of `value` (objects and arrays), found without recursion. */
function containers(value: Json): Array<Array<string | number>> {
  const paths: Array<Array<string | number>> = [];
  const stack: Array<{ v: Json; path: Array<string | number> }> = [{ v: value, path: [] }];
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    paths.push(path);
    const entries: Array<[string | number, Json]> = Array.isArray(v)
      ? v.map((item, i) => [i, item])
      : Object.entries(v);
    for (const [key, child] of entries.slice(0, 50)) stack.push({ v: child, path: [...path, key] });
  }
  return paths;
}

function at(root: Json, path: Array<string | number>): Record<string | number, Json> {
  let node = root as Record<string | number, Json>;
  for (const key of path) node = node[key] as Record<string | number, Json>;
  return node;
}

/** Applies the mutations to a copy of `base` and encodes it: the bytes a hostile printer would send. */
export function applyMutations(base: Json, payload: MutatedPayload): Buffer {
  const doc = structuredClone(base);
  const splices: string[] = [];
  for (const m of payload.mutations) {
    const paths = containers(doc);
    let node = at(doc, paths[m.pick % paths.length]!);
    let key: string | number;
    if (m.kind === "field") {
      key = FIELDS[m.pick % FIELDS.length]!;
      const holders = paths.map((p) => at(doc, p)).filter((n) => !Array.isArray(n) && key in n);
      if (holders.length > 0) node = holders[m.pick % holders.length]!;
    } else {
      const keys = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
      key = keys.length > 0 ? keys[m.pick % keys.length]! : "fuzz";
    }
    // A copy: fast-check hands out the same instance again (constants, shrinking), and a value
    // inserted twice would make the document circular.
    let value = structuredClone(m.value);
    if (typeof value === "string" && value.startsWith(SPLICE)) {
      splices.push(value.slice(SPLICE.length));
      value = `${SPLICE}${splices.length - 1}`;
    }
    if (m.kind === "drop" && !Array.isArray(node)) delete node[key];
    else if (m.kind === "wrap") node[key] = [node[key] ?? null, value];
    else node[key] = value;
  }
  let text = payload.encoding.kind === "pretty" ? JSON.stringify(doc, null, 4) : JSON.stringify(doc);
  text = text.replace(/"\\u0001splice:(\d+)"/g, (_, i: string) => splices[Number(i)]!);
  switch (payload.encoding.kind) {
    case "truncated":
      return Buffer.from(text.slice(0, payload.encoding.at % Math.max(1, text.length)));
    case "garbage":
      return Buffer.concat([Buffer.from(text), Buffer.from([0xff, 0xfe, 0x7b, 0x00])]);
    case "latin1":
      return Buffer.from(text.replace(/"([^"\\]{1,8})"/, '"$1\u00e9\u00ff"'), "latin1");
    case "nul-suffix":
      return Buffer.concat([Buffer.from(text), Buffer.alloc(3)]);
    case "empty":
      return Buffer.alloc(0);
    default:
      return Buffer.from(text);
  }
}
