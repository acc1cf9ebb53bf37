// The simulated .3mf files must be real zips: read them back entry by entry (local headers +
// central directory) and check names, CRCs and contents.
import { crc32, inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { make3mf } from "./sd-card";
import { reportDelta } from "./report-templates";

function readZip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const crc = zip.readUInt32LE(at + 16);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    const local = zip.readUInt32LE(at + 42);
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = inflateRawSync(zip.subarray(dataStart, dataStart + compressed));
    expect(crc32(data) >>> 0).toBe(crc);
    entries.set(name, data);
    at += 46 + nameLength;
  }
  return entries;
}

describe("simulated .3mf", () => {
  it("is a zip with plate_1.gcode and a PNG thumbnail", () => {
    const entries = readZip(make3mf("Benchy", 10, 42, 1));
    expect([...entries.keys()]).toEqual(
      expect.arrayContaining([
        "[Content_Types].xml",
        "3D/3dmodel.model",
        "Metadata/plate_1.gcode",
        "Metadata/plate_1.png",
      ]),
    );
    expect(entries.get("Metadata/plate_1.gcode")!.toString("utf8")).toContain("; total layer number: 10");
    expect(entries.get("Metadata/plate_1.png")!.subarray(1, 4).toString("ascii")).toBe("PNG");
  });
});

describe("P1 deltas", () => {
  it("carry only changed fields, and only the changed tray with its id", () => {
    const before = {
      bed_temper: 11.5,
      ams: {
        tray_now: "0",
        ams: [
          {
            id: "0",
            tray: [
              { id: "0", remain: 5 },
              { id: "1", remain: 7 },
            ],
          },
        ],
      },
      hms: [],
    };
    const after = {
      bed_temper: 12,
      ams: {
        tray_now: "0",
        ams: [
          {
            id: "0",
            tray: [
              { id: "0", remain: 5 },
              { id: "1", remain: 6 },
            ],
          },
        ],
      },
      hms: [],
    };
    expect(reportDelta(before, after)).toEqual({
      bed_temper: 12,
      ams: { ams: [{ id: "0", tray: [{ id: "1", remain: 6 }] }] },
    });
  });
});
