import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { png, zip } from "../../test/fixtures/builders";
import { fixture, tempFile } from "../../test/files";
import { readPrintFile } from "../read-print-file";
import { ZIP_LIMITS } from "./safe-zip";

const TWO_PLATES = readFileSync(fixture("bambu-two-plates.gcode.3mf"));
const read = (data: Buffer) => readPrintFile(tempFile("x.gcode.3mf", data), "x.gcode.3mf");
const failure = (data: Buffer) =>
  read(data).then(
    () => ({ reason: "read", message: "" }),
    (error: { reason: string; message: string }) => ({ reason: error.reason, message: error.message }),
  );

describe("sliced 3MF", () => {
  it("two plates, two filaments: plates from slice_info.config, names, printer, slicer, one PNG per plate", async () => {
    const { metadata, thumbnails } = await readPrintFile(
      fixture("bambu-two-plates.gcode.3mf"),
      "two.gcode.3mf",
    );
    const pla = { index: 1, type: "PLA", color: "#FFFFFF", grams: 13.3, meters: 4.46 };
    const petg = { index: 3, type: "PETG", color: "#000000", grams: 8.07, meters: 2.61 };
    expect(metadata).toEqual({
      format: "3mf",
      slicer: "BambuStudio 02.00.03.54",
      printerModel: "Bambu Lab P1S",
      nozzleDiameter: 0.4,
      layerHeight: 0.16,
      estimatedSeconds: 5380,
      filaments: [pla, petg],
      plates: [
        {
          index: 1,
          name: "Clips & gears",
          estimatedSeconds: 5380,
          weightGrams: 21.37,
          filaments: [pla, petg],
          objects: ["Cable clip & holder", "Gear <M3>"],
        },
        {
          index: 2,
          estimatedSeconds: 1260,
          weightGrams: 4.02,
          filaments: [{ index: 3, type: "PETG", color: "#000000", grams: 4.02, meters: 1.34 }],
          objects: ["Spacer"],
        },
      ],
      warnings: [],
    });
    // The larger of plate_N.png and plate_N_small.png, per plate.
    expect(thumbnails.map(({ plate, width, height, format }) => ({ plate, width, height, format }))).toEqual([
      { plate: 1, width: 128, height: 128, format: "png" },
      { plate: 2, width: 96, height: 96, format: "png" },
    ]);
  });

  it("without slice_info.config: plates from each plate G-code's header, objects from plate_N.json", async () => {
    const gcode = (time: string) =>
      Buffer.from(
        `; HEADER_BLOCK_START\n; BambuStudio 01.10.01.50\n; model printing time: 1m; total estimated time: ${time}\n` +
          `; total filament weight [g] : 2.5\n; HEADER_BLOCK_END\n; CONFIG_BLOCK_START\n; printer_model = Bambu Lab A1 mini\n` +
          `; nozzle_diameter = 0.2\n; filament_type = PLA\n; filament_colour = #ECA514FF\n; CONFIG_BLOCK_END\nG28\n`,
      );
    const file = zip([
      { name: "Metadata/plate_2.gcode", data: gcode("10m 5s") },
      {
        name: "Metadata/plate_2.json",
        data: Buffer.from('{"bbox_objects":[{"name":"Benchy"},{"id":3}],"nozzle_diameter":0.2}'),
      },
      { name: "Metadata/plate_5.gcode", data: gcode("1h") },
      { name: "Metadata/plate_5.json", data: Buffer.from("{not json") },
    ]);
    const { metadata, thumbnails } = await read(file);
    expect(metadata).toMatchObject({
      slicer: "BambuStudio 01.10.01.50",
      printerModel: "Bambu Lab A1 mini",
      nozzleDiameter: 0.2,
      estimatedSeconds: 605,
      plates: [
        {
          index: 2,
          estimatedSeconds: 605,
          weightGrams: 2.5,
          filaments: [{ index: 1, type: "PLA", color: "#ECA514" }],
        },
        { index: 5, estimatedSeconds: 3600 },
      ],
      warnings: ["Metadata/plate_5.json is not readable JSON and was not used"],
    });
    expect(thumbnails).toEqual([]);
  });

  it("a plate listed in slice_info.config without G-code is left out with a warning; a fake PNG is skipped", async () => {
    const info = `<config><plate><metadata key="index" value="1"/><metadata key="prediction" value="60"/></plate>
      <plate><metadata key="index" value="2"/></plate></config>`;
    const file = zip([
      { name: "Metadata/slice_info.config", data: Buffer.from(info) },
      { name: "Metadata/plate_1.gcode", data: Buffer.from("G28\n") },
      { name: "Metadata/plate_1.png", data: Buffer.from("<html>not a picture</html>") },
    ]);
    const { metadata, thumbnails } = await read(file);
    expect(metadata.plates.map((p) => p.index)).toEqual([1]);
    expect(metadata.warnings).toEqual([
      "plate 2 is listed but has no G-code and was left out",
      "Metadata/plate_1.png is not a PNG image and was left out",
    ]);
    expect(thumbnails).toEqual([]);
  });
});

describe("3MF files the library refuses", () => {
  it("a project without sliced plates (PrusaSlicer): no_plates, with what to do", async () => {
    await expect(readPrintFile(fixture("prusaslicer-project.3mf"), "p.3mf")).rejects.toMatchObject({
      reason: "no_plates",
      message: "This 3MF is a project, not a sliced file: slice it and export the plate as .gcode.3mf",
    });
  });

  it("cut off (no central directory): truncated", async () => {
    expect(await failure(TWO_PLATES.subarray(0, Math.floor(TWO_PLATES.length / 2)))).toMatchObject({
      reason: "truncated",
      message: expect.stringMatching(/cut off/),
    });
  });

  it("not a zip, an empty file: corrupt", async () => {
    expect((await failure(Buffer.from("; generated by PrusaSlicer\nG28\n"))).reason).toBe("corrupt");
    expect((await failure(Buffer.alloc(0))).reason).toBe("corrupt");
  });

  it("zip bomb, declared: an entry of 4 GB, refused from the directory", async () => {
    const bomb = zip([
      { name: "Metadata/plate_1.gcode", data: Buffer.from("G28\n") },
      { name: "Metadata/slice_info.config", data: Buffer.from("<config/>"), declaredSize: 4_000_000_000 },
    ]);
    expect(await failure(bomb)).toMatchObject({
      reason: "zip_bomb",
      message: expect.stringMatching(/4000000000 bytes/),
    });
  });

  it("zip bomb, compressed: 64 MiB of zeros in ~64 KB (over 100:1), refused from the directory", async () => {
    const bomb = zip([
      { name: "Metadata/plate_1.gcode", data: Buffer.from("G28\n") },
      { name: "Metadata/plate_1.png", data: Buffer.alloc(64 * 1024 * 1024) },
    ]);
    expect(bomb.length).toBeLessThan(200_000);
    expect(await failure(bomb)).toMatchObject({
      reason: "zip_bomb",
      message: expect.stringMatching(/100:1/),
    });
  });

  it("zip bomb, lying: slice_info.config declares 100 bytes and inflates to 64 MiB", async () => {
    const bomb = zip([
      { name: "Metadata/plate_1.gcode", data: Buffer.from("G28\n") },
      { name: "Metadata/slice_info.config", data: Buffer.alloc(64 * 1024 * 1024, 0x20), declaredSize: 100 },
    ]);
    expect(await failure(bomb)).toMatchObject({
      reason: "zip_bomb",
      message: expect.stringMatching(/slice_info\.config unpacks to more than it declared/),
    });
  });

  it("too many entries: zip_bomb before any is read", async () => {
    const entries = Array.from({ length: ZIP_LIMITS.entries + 1 }, (_, i) => ({
      name: `Metadata/x_${i}`,
      data: Buffer.alloc(0),
      stored: true,
    }));
    expect((await failure(zip(entries))).reason).toBe("zip_bomb");
  });

  it("damaged deflate data in an entry that is read: corrupt, not a crash", async () => {
    const file = zip([
      { name: "Metadata/plate_1.gcode", data: Buffer.from("G28\n") },
      { name: "Metadata/slice_info.config", data: Buffer.from("<config>" + "x".repeat(2000) + "</config>") },
    ]);
    const at = file.indexOf("Metadata/slice_info.config") + "Metadata/slice_info.config".length;
    file.fill(0xff, at, at + 20);
    expect((await failure(file)).reason).toBe("corrupt");
  });

  it("a plate PNG over 4 MB is left out with a warning, the file still reads", async () => {
    const big = Buffer.concat([png(8, 8, [0, 0, 0]), Buffer.alloc(5 * 1024 * 1024, 7)]);
    const file = zip([
      { name: "Metadata/plate_1.gcode", data: Buffer.from("G28\n") },
      { name: "Metadata/plate_1.png", data: big, stored: true },
    ]);
    const { metadata, thumbnails } = await read(file);
    expect(metadata.warnings).toContain("Metadata/plate_1.png is larger than 4 MB and was left out");
    expect(thumbnails).toEqual([]);
  });
});
