// Conformance: every real PrusaLink payload in shared/fixtures parses with our schemas and
// normalizes to the values it contains. Fixtures live beside the repository (../shared).
import { describe, expect, it } from "vitest";
import { fixtureNames, readFixture } from "@printernizer/printer-sim/shared-files";
import {
  FileEntrySchema,
  InfoSchema,
  JobSchema,
  StatusSchema,
  StorageSchema,
  VersionSchema,
} from "./prusalink-schemas";
import {
  normalizeFileEntry,
  normalizeIdentity,
  normalizeJob,
  normalizeStatus,
  jobFilePath,
} from "./prusalink-normalize";
import { selectApi } from "./prusalink-version";

const load = (name: string): unknown => readFixture("prusalink", name);
const at = new Date("2024-10-26T12:00:00Z");

const covered = new Set<string>();
const fixture = (name: string) => {
  covered.add(name);
  return load(name);
};

describe("PrusaLink fixtures (Buddy MK4)", () => {
  it("version: v1 API, identity", () => {
    const version = VersionSchema.parse(fixture("emischorr_prusa_link__api_version.json"));
    expect(selectApi(version)).toBe("v1");
    expect(version.capabilities?.["upload-by-put"]).toBe(true);
    const info = InfoSchema.parse(fixture("emischorr_prusa_link__api_v1_info.json"));
    expect(normalizeIdentity(version, info)).toEqual({
      model: "MK4",
      serial: "1234567890",
      firmware: "2.1.2",
      hostname: "prusa-mk4",
    });
    expect(info.min_extrusion_temp).toBe(170);
  });

  it("status while printing", () => {
    const status = normalizeStatus(
      StatusSchema.parse(fixture("emischorr_prusa_link__api_v1_status.json")),
      undefined,
      at,
    );
    expect(status.state).toBe("printing");
    expect(status.rawState).toBe("PRINTING");
    expect(status.temperatures).toEqual({
      nozzle: { current: 209.9, target: 210 },
      bed: { current: 60, target: 60 },
    });
    expect(status.job).toMatchObject({
      id: "297",
      state: "PRINTING",
      progress: 91,
      remainingSeconds: 600,
      elapsedSeconds: 7718,
    });
    expect(status.speedLevel).toBe(100);
    expect(status.errors).toEqual([]);
    expect(status.lastCommunication).toBe(at);
  });

  it("job with 8.3 name and long display name", () => {
    const payload = JobSchema.parse(fixture("emischorr_prusa_link__api_v1_job.json"));
    expect(normalizeJob(payload)).toEqual({
      id: "297",
      name: "MURCIE~1.BGC",
      displayName: "murcielago-grande_0.4n_0.2mm_PLA_MK4_2h16m.bgcode",
      state: "PRINTING",
      progress: 92,
      elapsedSeconds: 7799,
      remainingSeconds: 540,
      fileSize: 1176046,
      thumbnailRef: "/thumb/l/usb/MURCIE~1.BGC",
    });
    expect(jobFilePath(payload)).toBe("/usb/MURCIE~1.BGC");
  });

  it("status + job in one cycle: names from the job, numbers from the status", () => {
    const status = StatusSchema.parse(load("emischorr_prusa_link__api_v1_status.json"));
    const job = JobSchema.parse(load("emischorr_prusa_link__api_v1_job.json"));
    const normalized = normalizeStatus(status, job, at);
    expect(normalized.job).toMatchObject({
      displayName: "murcielago-grande_0.4n_0.2mm_PLA_MK4_2h16m.bgcode",
      progress: 91,
      remainingSeconds: 600,
    });
  });

  it("storage list", () => {
    const storage = StorageSchema.parse(fixture("emischorr_prusa_link__api_v1_storage.json"));
    expect(storage.storage_list).toEqual([
      { available: true, name: "usb", path: "/usb/", read_only: false, type: "USB" },
    ]);
  });

  it("folder listing with `ro`, no sizes, no root timestamp", () => {
    const folder = FileEntrySchema.parse(fixture("emischorr_prusa_link__api_v1_files_usb.json"));
    expect(folder.m_timestamp).toBeUndefined();
    const files = (folder.children ?? []).map((c) => normalizeFileEntry(c, "/usb"));
    expect(files).toEqual([
      {
        name: "PAINTI~1.BGC",
        displayName: "painting_cone_0.4n_0.2mm_PETG_MK4_31m.bgcode",
        path: "/usb/PAINTI~1.BGC",
        modified: new Date(1729258582 * 1000),
        type: "print",
        thumbnailRef: "/thumb/l/usb/PAINTI~1.BGC",
        readOnly: false,
      },
      {
        name: "GHOST_~1.BGC",
        displayName: "ghost_0.4n_0.2mm_PLA_MK4_1h50m.bgcode",
        path: "/usb/GHOST_~1.BGC",
        modified: new Date(1729768690 * 1000),
        type: "print",
        thumbnailRef: "/thumb/l/usb/GHOST_~1.BGC",
        readOnly: false,
      },
    ]);
  });

  it("covers every fixture file", () => {
    const all = fixtureNames("prusalink");
    expect(all.length).toBeGreaterThanOrEqual(6);
    expect(all.filter((f) => !covered.has(f))).toEqual([]);
  });
});
