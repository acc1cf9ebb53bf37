// Property test over every real payload in ../shared/fixtures: change the JSON type of 1-3 random
// fields (picked from the payload itself) and check that (1) parsing and normalizing never throw,
// (2) every field not mutated comes through unchanged: the lenient parse of the mutated payload
// equals the parse of the original with the rejected fields removed (and the fields the schema does
// not know, or accepts, set to their new value), (3) a warning names each mutated path the schema
// knows and rejects. A payload that fails as a whole must fail without the mutated fields too.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { fixtureNames, readFixture } from "@printernizer/printer-sim/shared-files";
import { BambuMessageSchema, type BambuMessage } from "../bambu/bambu-schemas";
import { normalizeIdentity as bambuIdentity, normalizeStatus as bambuStatus } from "../bambu/bambu-normalize";
import {
  FileEntrySchema,
  InfoSchema,
  JobSchema,
  StatusSchema,
  StorageSchema,
  VersionSchema,
  type FileEntryPayload,
  type InfoPayload,
  type JobPayload,
  type StatusPayload,
  type VersionPayload,
} from "../prusalink/prusalink-schemas";
import {
  normalizeFileEntry,
  normalizeIdentity as prusaIdentity,
  normalizeJob,
  normalizeStatus as prusaStatus,
} from "../prusalink/prusalink-normalize";
import { fuzzSettings } from "../testing/fuzz-mutations";
import { REMOVE, refusesAt, typeMutations, withChanges } from "../testing/type-mutations";
import { formatPath, lenientParse } from "./lenient-parse";
import { sanitizeStatus } from "./sanitize-status";

const at = new Date("2025-01-01T12:00:00Z");

interface Payload {
  name: string;
  schema: z.ZodType;
  value: unknown;
  normalize(data: unknown): unknown;
}

const normalizeBambu = (data: unknown) => {
  const message = data as BambuMessage;
  return [
    message.print ? sanitizeStatus(bambuStatus(message.print, { at, modules: [] })) : undefined,
    message.info?.module ? bambuIdentity(message.info.module, "SERIAL") : undefined,
  ];
};

/** Each MQTT message of a Bambu fixture, in both conventions of the fixtures README. */
function bambuPayloads(): Payload[] {
  return fixtureNames("bambu").flatMap((file) => {
    const raw = readFixture("bambu", file) as Record<string, unknown>;
    const messages: Array<[string, unknown]> =
      "print" in raw
        ? [["message", raw]]
        : Object.entries(raw).map(([key, body]) => {
            if (key === "pushall") return [key, body];
            if (key === "get_version")
              return [key, body && typeof body === "object" && "info" in body ? body : { info: body }];
            return [key, { print: body }]; // push_all and the H2D delta fragments: `print` contents
          });
    return messages.map(([key, value]) => ({
      name: `${file} ${key}`,
      schema: BambuMessageSchema,
      value,
      normalize: normalizeBambu,
    }));
  });
}

const prusaEndpoints: Record<string, Pick<Payload, "schema" | "normalize">> = {
  api_version: { schema: VersionSchema, normalize: (d) => prusaIdentity(d as VersionPayload, undefined) },
  api_v1_info: { schema: InfoSchema, normalize: (d) => prusaIdentity({}, d as InfoPayload) },
  api_v1_status: {
    schema: StatusSchema,
    normalize: (d) => sanitizeStatus(prusaStatus(d as StatusPayload, undefined, at)),
  },
  api_v1_job: { schema: JobSchema, normalize: (d) => normalizeJob(d as JobPayload) },
  api_v1_storage: { schema: StorageSchema, normalize: (d) => d },
  api_v1_files_usb: {
    schema: FileEntrySchema,
    normalize: (d) => ((d as FileEntryPayload).children ?? []).map((e) => normalizeFileEntry(e, "/usb")),
  },
};

function prusaPayloads(): Payload[] {
  return fixtureNames("prusalink").map((file) => {
    const endpoint = Object.keys(prusaEndpoints).find((e) => file.endsWith(`__${e}.json`));
    if (!endpoint) throw new Error(`no schema for the PrusaLink fixture ${file}: add it to prusaEndpoints`);
    return { name: file, value: readFixture("prusalink", file), ...prusaEndpoints[endpoint]! };
  });
}

const payloads = [...bambuPayloads(), ...prusaPayloads()];
const { seed, runs } = fuzzSettings(60);

describe("a field of an unexpected type costs that field only (every shared fixture)", () => {
  it("finds the fixtures: every Bambu message and PrusaLink answer parses strictly as it is", () => {
    expect(payloads.length).toBeGreaterThanOrEqual(20);
    for (const p of payloads) expect(lenientParse(p.schema, p.value), p.name).toMatchObject({ warnings: [] });
  });

  for (const payload of payloads) {
    it(payload.name, () => {
      fc.assert(
        fc.property(typeMutations(payload.value), (mutations) => {
          const mutated = withChanges(payload.value, mutations);
          const result = lenientParse(payload.schema, mutated); // (1) never throws
          const rejected = mutations.filter((m) => refusesAt(payload.schema, m.path, m.value));
          const expected = lenientParse(
            payload.schema,
            withChanges(
              payload.value,
              mutations.map((m) => ({ path: m.path, value: rejected.includes(m) ? REMOVE : m.value })),
            ),
          );
          if (!result.ok) {
            // A whole-payload failure is only right when the payload is unusable without those fields.
            expect(expected.ok).toBe(false);
            return;
          }
          payload.normalize(result.data); // (1) normalization never throws on what was kept
          expect(expected.ok).toBe(true);
          expect(result.data).toEqual(expected.ok ? expected.data : undefined); // (2)
          const warned = result.warnings.map((w) => w.path);
          for (const m of rejected) expect(warned).toContain(formatPath(m.path)); // (3)
        }),
        { seed, numRuns: runs },
      );
    });
  }
});
