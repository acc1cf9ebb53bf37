// Unit tests of the pure Bambu pieces: delta merging, HMS/print_error codes, FTP listing
// parsing (LIST lines, NLST full paths vs bare names), certificate fingerprints, the kind entry.
import { describe, expect, it } from "vitest";
import { printerKinds } from "../registry";
import { printerKindMetadata } from "../kinds";
import { BambuAdapter } from "./bambu-adapter";
import { normalizeFingerprint } from "./bambu-certificate";
import { nlstName, parseListLine, parseListing, toRemoteFile } from "./bambu-ftp-listing";
import { hmsCode, hmsToError, printErrorCode, printErrorToError } from "./bambu-hms";
import { mergeReport } from "./bambu-merge";
import { decodePayload } from "./bambu-schemas";
import { unpackTemperature } from "./bambu-normalize";

describe("mergeReport", () => {
  const base = {
    ams: {
      tray_now: "1",
      ams: [
        {
          id: "0",
          humidity: "4",
          tray: [
            { id: "0", remain: 90, tray_type: "PLA" },
            { id: "1", remain: 50, tray_type: "PETG" },
          ],
        },
        { id: "1", tray: [{ id: "0", remain: 10 }] },
      ],
    },
    hms: [{ attr: 1, code: 2 }],
    stg: [1, 2, 3],
    device: {
      extruder: {
        state: 1,
        info: [
          { id: 0, temp: 10 },
          { id: 1, temp: 20 },
        ],
      },
    },
    vir_slot: [
      { id: "254", tray_type: "PLA" },
      { id: "255", tray_type: "" },
    ],
  };

  it("merges trays, units, virtual slots and device info by id; replaces other arrays", () => {
    const merged = mergeReport(base, {
      ams: { ams: [{ id: "0", tray: [{ id: "1", remain: 45 }] }] },
      hms: [],
      stg: [4],
      device: { extruder: { info: [{ id: 1, temp: 30 }] } },
      vir_slot: [{ id: "255", tray_type: "ABS" }],
    });
    expect(merged.ams.ams[0]!.tray).toEqual([
      { id: "0", remain: 90, tray_type: "PLA" },
      { id: "1", remain: 45, tray_type: "PETG" },
    ]);
    expect(merged.ams.ams[1]).toEqual(base.ams.ams[1]);
    expect(merged.ams.tray_now).toBe("1");
    expect(merged.hms).toEqual([]);
    expect(merged.stg).toEqual([4]);
    expect(merged.device.extruder).toEqual({
      state: 1,
      info: [
        { id: 0, temp: 10 },
        { id: 1, temp: 30 },
      ],
    });
    expect(merged.vir_slot).toEqual([
      { id: "254", tray_type: "PLA" },
      { id: "255", tray_type: "ABS" },
    ]);
    expect(base.ams.ams[0]!.tray[1]!.remain).toBe(50); // inputs untouched
  });

  it("appends an element with a new id (an AMS plugged in)", () => {
    const merged = mergeReport(base, {
      ams: { ams: [{ id: "128", tray: [{ id: "0", tray_type: "PA-CF" }] }] },
    });
    expect(merged.ams.ams.map((u) => u.id)).toEqual(["0", "1", "128"]);
  });
});

describe("codes", () => {
  it("formats HMS and print_error codes", () => {
    expect(hmsCode(50331904, 65543)).toBe("0300_0100_0001_0007");
    expect(hmsCode(0x05000500, 0x00010007)).toBe("0500_0500_0001_0007");
    expect(hmsToError(0x0c000300, 0x00030007)).toMatchObject({
      code: "0C00_0300_0003_0007",
      severity: "common",
      module: "xcam",
    });
    expect(hmsToError(0x07000100, 0x00040001)).toMatchObject({ severity: "info", module: "ams" });
    expect(printErrorCode(50348044)).toBe("0300_400C");
    expect(printErrorCode(0x0500400e)).toBe("0500_400E");
    expect(printErrorCode(0x12)).toBe("0000_0012"); // zero-padded to 8 digits
    expect(printErrorToError(50348044)).toMatchObject({
      code: "0300_400C",
      severity: "info",
      message: "The task was canceled.",
    });
  });

  it("unpacks (target << 16 | current) temperatures", () => {
    expect(unpackTemperature(6553700)).toEqual({ current: 100, target: 100 });
    expect(unpackTemperature(26)).toEqual({ current: 26, target: 0 });
  });

  it("normalizes fingerprints however they were pasted", () => {
    expect(normalizeFingerprint("ab:cd:ef")).toBe("AB:CD:EF");
    expect(normalizeFingerprint("abcdef")).toBe("AB:CD:EF");
    expect(normalizeFingerprint(" AB-CD-EF ")).toBe("AB:CD:EF");
  });

  it("decodes pretty-printed, NUL-terminated and latin-1 payloads", () => {
    expect(decodePayload(Buffer.from('{\n    "print": {\n        "msg": 1\n    }\n}'))).toEqual({
      print: { msg: 1 },
    });
    expect(decodePayload(Buffer.concat([Buffer.from('{"a":1}'), Buffer.from([0])]))).toEqual({ a: 1 });
    expect(decodePayload(Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xe5, 0x22, 0x7d]))).toEqual({
      n: "å",
    });
  });
});

describe("FTP listings", () => {
  const now = new Date("2025-08-01T00:00:00Z");

  it("parses vsFTPd LIST lines, names with spaces, recent dates without a year", () => {
    expect(
      parseListLine(
        "-rw-r--r--    1 1000     1000      1632221 Jun 17  2025 video_2025-06-17_12-12-18.mp4",
        now,
      ),
    ).toEqual({
      name: "video_2025-06-17_12-12-18.mp4",
      isDirectory: false,
      size: 1_632_221,
      modified: new Date("2025-06-17T00:00:00Z"),
    });
    expect(
      parseListLine("-rw-r--r--    1 1000     1000        12345 Jul 30 09:05 Fidget Collection.3mf", now),
    ).toMatchObject({ name: "Fidget Collection.3mf", modified: new Date("2025-07-30T09:05:00Z") });
    expect(parseListLine("drwxr-xr-x    2 1000     1000         4096 Dec 31 23:59 cache", now)).toMatchObject(
      { name: "cache", isDirectory: true, modified: new Date("2024-12-31T23:59:00Z") },
    );
    expect(parseListLine("total 12", now)).toBeUndefined();
    expect(parseListLine("drwxr-xr-x    2 1000     1000         4096 Jun 17  2025 .", now)).toBeUndefined();
  });

  it("copes with NLST full paths (X1) and bare names (P1)", () => {
    expect(nlstName("/cache", "/cache/a b.3mf")).toBe("a b.3mf");
    expect(nlstName("/cache", "a b.3mf")).toBe("a b.3mf");
    expect(nlstName("/", "/cache")).toBe("cache");
    expect(nlstName("/cache", "/timelapse/x.mp4")).toBeUndefined();
    expect(parseListing("/timelapse", "/timelapse/v.mp4\r\n/timelapse/thumbnail\r\n")).toEqual([
      { name: "v.mp4", isDirectory: false },
      { name: "thumbnail", isDirectory: true },
    ]);
  });

  // The name is the download's name too: "Benchy.gcode.3mf" must not become "Benchy".
  it("maps entries onto the file model, keeping the whole name", () => {
    expect(toRemoteFile("/", { name: "Benchy.gcode.3mf", isDirectory: false, size: 10 })).toEqual({
      name: "Benchy.gcode.3mf",
      path: "/Benchy.gcode.3mf",
      size: 10,
      type: "print",
      thumbnailRef: "/Benchy.gcode.3mf#Metadata/plate_1.png",
    });
    expect(toRemoteFile("/timelapse", { name: "v.avi", isDirectory: false }).type).toBe("timelapse");
    expect(toRemoteFile("/model", { name: "m.3mf", isDirectory: false }).type).toBe("model");
  });
});

describe("bambu kind", () => {
  it("is registered with metadata, config defaults and a factory", () => {
    const def = printerKinds.bambu!;
    const config = def.metadata.configSchema.parse({
      host: "127.0.2.1",
      serial: "00M000",
      accessCode: "12345678",
    });
    expect(config).toMatchObject({ mqttPort: 8883, ftpPort: 990 });
    expect(def.create({ printerId: "b", config, events: { publish() {} } })).toBeInstanceOf(BambuAdapter);
    expect(printerKindMetadata("bambu")?.fields.find((f) => f.name === "accessCode")?.secret).toBe(true);
    expect(() => def.metadata.configSchema.parse({ host: "h", serial: "s" })).toThrow();
  });
});
