// The simulated .3mf files must be real zips: read them back entry by entry (local headers +
// central directory) and check names, CRCs and contents.
import { createHash } from "node:crypto";
import { crc32, inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { make3mf } from "./sd-card";
import { bambuIpNumber, initialReport, reportDelta } from "./report-templates";

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

  // What pybambu reads from a print's 3MF (ha-bambulab models.py): slice_info.config's first plate
  // (index, prediction, weight, objects, filaments), then plate_N.png, plate_N.gcode and
  // plate_N.json's bed_type; Bambu Studio also writes the G-code's MD5.
  it("is laid out as Bambu Studio's, for the plate it carries", () => {
    const entries = readZip(make3mf("Fidget Collection", 10, 42, 2, { model: "P1S", plate: 2 }));
    const info = entries.get("Metadata/slice_info.config")!.toString("utf8");
    expect(info).toMatch(/<plate>\s*<metadata key="index" value="2"\/>/);
    expect(info).toContain('<metadata key="printer_model_id" value="C12"/>');
    expect(info).toContain('<metadata key="prediction" value="2520"/>');
    expect(info).toMatch(/<metadata key="weight" value="\d+\.\d{2}"\/>/);
    expect(info).toMatch(/<object identify_id="\d+" name="Fidget Collection.stl" skipped="false" \/>/);
    expect(info).toMatch(
      /<filament id="1" tray_info_idx="GFA00" type="PLA" color="#FFFFFF" used_m="[\d.]+" used_g="[\d.]+" \/>/,
    );
    expect(JSON.parse(entries.get("Metadata/plate_2.json")!.toString("utf8"))).toMatchObject({
      bed_type: "textured_plate",
      nozzle_diameter: 0.4,
    });
    const gcode = entries.get("Metadata/plate_2.gcode")!;
    expect(entries.get("Metadata/plate_2.gcode.md5")!.toString("ascii")).toBe(
      createHash("md5").update(gcode).digest("hex").toUpperCase(),
    );
    for (const png of ["plate_2.png", "plate_no_light_2.png", "top_2.png", "pick_2.png"])
      expect(entries.get(`Metadata/${png}`)!.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    expect(entries.has("Metadata/plate_1.png")).toBe(false);
  });
});

describe("net.info", () => {
  // pybambu: socket.inet_ntoa(struct.pack('<I', ip)), the printer's own address.
  const decode = (ip: number) => {
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32LE(ip);
    return [...bytes].join(".");
  };

  it("reports the simulator's own address as a little-endian uint32", () => {
    const report = initialReport("X1C", "00M09A000000001", "127.0.2.3") as {
      net: { info: { ip: number; mask: number }[] };
    };
    expect(decode(report.net.info[0]!.ip)).toBe("127.0.2.3");
    expect(decode(report.net.info[0]!.mask)).toBe("255.255.255.0");
    expect(bambuIpNumber("192.168.1.40")).toBe(0x2801a8c0);
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
