import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildZip, make3mf } from "@printernizer/printer-sim/bambu";
import {
  jobThumbnailRef,
  parseThumbnailRef,
  plateOfGcodeFile,
  plateOfSliceInfo,
  readPlateThumbnail,
  threeMfCandidates,
  ThreeMfError,
  THREEMF_LIMITS,
} from "./bambu-3mf";
import { fetchPlateThumbnail } from "./bambu-thumbnail";

let dir: string;
let counter = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "bambu-3mf-test-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(bytes: Buffer): Promise<string> {
  const path = join(dir, `${++counter}.3mf`);
  await writeFile(path, bytes);
  return path;
}

/** The stored PNG of a simulated 3MF (entry names are plain text; read it back the honest way). */
async function pngOf(threeMf: Buffer, plate: number): Promise<Buffer> {
  return (await readPlateThumbnail(await file(threeMf), plate)).png;
}

describe("where a job's 3MF is (pybambu's search)", () => {
  it("P1 LAN print: subtask name and the 3MF named in gcode_file, /cache first", () => {
    expect(threeMfCandidates({ subtask_name: "36mm", gcode_file: "36mm.gcode.3mf" })).toEqual([
      "/cache/36mm.3mf",
      "/36mm.3mf",
      "/cache/36mm.gcode.3mf",
      "/36mm.gcode.3mf",
    ]);
  });

  it("X1: the ramdisk gcode_file names the plate but is never a candidate", () => {
    const fields = { subtask_name: "Clamshell Parts Box", gcode_file: "/data/Metadata/plate_3.gcode" };
    expect(threeMfCandidates(fields)).toEqual([
      "/cache/Clamshell Parts Box.3mf",
      "/Clamshell Parts Box.3mf",
      "/cache/Clamshell Parts Box.gcode.3mf",
      "/Clamshell Parts Box.gcode.3mf",
    ]);
    expect(plateOfGcodeFile(fields.gcode_file)).toBe(3);
    const ref = jobThumbnailRef(fields)!;
    expect(ref.endsWith("#Metadata/plate_3.png")).toBe(true);
    expect(parseThumbnailRef(ref)).toEqual({ paths: threeMfCandidates(fields), plate: 3 });
  });

  it("a subtask name that is a 3MF already, and names with several dots, spaces and non-ASCII", () => {
    expect(threeMfCandidates({ subtask_name: "Würfel v1.2 (final).3mf" })).toEqual([
      "/cache/Würfel v1.2 (final).3mf",
      "/Würfel v1.2 (final).3mf",
    ]);
    expect(threeMfCandidates({ gcode_file: "Cube + Cube.3mf", subtask_name: "Cube + Cube" })).toContain(
      "/cache/Cube + Cube.3mf",
    );
  });

  it("nothing to go on: no ref; a foreign or garbled ref is not Bambu's", () => {
    expect(jobThumbnailRef({})).toBeUndefined();
    expect(
      jobThumbnailRef({ subtask_name: "  ", gcode_file: "/data/Metadata/plate_1.gcode" }),
    ).toBeUndefined();
    expect(parseThumbnailRef("thumbnails/abc.png")).toBeUndefined();
    expect(parseThumbnailRef("/b.gcode\nrelative.3mf")).toBeUndefined();
    // A listed file's ref (bambu-ftp-listing) is understood too.
    expect(parseThumbnailRef("/Benchy.gcode.3mf#Metadata/plate_1.png")).toEqual({
      paths: ["/Benchy.gcode.3mf"],
      plate: 1,
    });
  });

  it("slice_info.config: the first plate's index", () => {
    expect(plateOfSliceInfo('<config><plate><metadata key="index" value="2"/></plate></config>')).toBe(2);
    expect(plateOfSliceInfo("<config><plate></plate></config>")).toBeUndefined();
    expect(plateOfSliceInfo("not xml at all")).toBeUndefined();
  });
});

describe("reading the plate thumbnail", () => {
  it("good: the PNG of the plate asked for, byte for byte", async () => {
    const threeMf = make3mf("Benchy", 10, 42, 1);
    const { plate, png } = await readPlateThumbnail(await file(threeMf), 1);
    expect(plate).toBe(1);
    expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
    expect(png.length).toBeGreaterThan(100);
  });

  it("no plate asked: slice_info.config tells (a project's plate 2 sent alone)", async () => {
    const threeMf = make3mf("Fidget Collection", 10, 42, 2, { plate: 2 });
    const result = await readPlateThumbnail(await file(threeMf));
    expect(result.plate).toBe(2);
    expect(result.png.equals(await pngOf(threeMf, 2))).toBe(true);
  });

  it("missing plate: a clear error naming the entry", async () => {
    await expect(readPlateThumbnail(await file(make3mf("Benchy", 10, 42, 1)), 4)).rejects.toThrow(
      new ThreeMfError("the 3MF has no Metadata/plate_4.png"),
    );
  });

  it("corrupt: not a zip, a truncated zip, a plate PNG that is not a PNG", async () => {
    await expect(readPlateThumbnail(await file(Buffer.from("PK\u0003\u0004 garbage")))).rejects.toThrow(
      ThreeMfError,
    );
    const whole = make3mf("Benchy", 10, 42, 1);
    await expect(
      readPlateThumbnail(await file(whole.subarray(0, Math.floor(whole.length / 2)))),
    ).rejects.toThrow(ThreeMfError);
    const fake = buildZip([{ name: "Metadata/plate_1.png", data: Buffer.from("<html>not an image</html>") }]);
    await expect(readPlateThumbnail(await file(fake), 1)).rejects.toThrow(/is not a PNG image/);
  });

  it("zip bomb, declared: refused from the directory, before anything is inflated", async () => {
    // 64 MiB of zeros deflate to ~64 KB; declared honestly, the size alone refuses it.
    const bomb = buildZip([
      { name: "Metadata/plate_1.png", data: Buffer.alloc(THREEMF_LIMITS.pngBytes * 16) },
    ]);
    expect(bomb.length).toBeLessThan(200_000);
    await expect(readPlateThumbnail(await file(bomb), 1)).rejects.toThrow(/zip bomb.*compressed more than/);
    // an entry of ordinary compression over the picture limit: refused by its declared size alone
    const big = buildZip([{ name: "Metadata/plate_1.png", data: randomBytes(THREEMF_LIMITS.pngBytes + 1) }]);
    await expect(readPlateThumbnail(await file(big), 1)).rejects.toThrow(/unpacked \(limit/);
  });

  it("zip bomb, lying: an entry that claims 100 bytes but inflates to 64 MiB is cut off", async () => {
    const bomb = buildZip([
      { name: "Metadata/plate_1.png", data: Buffer.alloc(THREEMF_LIMITS.pngBytes * 16) },
    ]);
    // Rewrite the declared uncompressed size (local header offset 22, central header offset 24) to 100.
    bomb.writeUInt32LE(100, 22);
    const central = bomb.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bomb.writeUInt32LE(100, central + 24);
    await expect(readPlateThumbnail(await file(bomb), 1)).rejects.toThrow(ThreeMfError);
  });

  it("too many entries: refused before listing them", async () => {
    const entries = Array.from({ length: THREEMF_LIMITS.entries + 1 }, (_, i) => ({
      name: `Metadata/x_${i}`,
      data: Buffer.alloc(0),
    }));
    await expect(readPlateThumbnail(await file(buildZip(entries)), 1)).rejects.toThrow(/entries/);
  });

  it("deflated data that is not deflate: corrupt, not a crash", async () => {
    const png = make3mf("Benchy", 1, 1, 1);
    // The first occurrence is the local header; the entry's compressed bytes follow its name.
    const data = png.indexOf(Buffer.from("Metadata/plate_1.png")) + "Metadata/plate_1.png".length;
    png.fill(0xff, data, data + 40);
    await expect(readPlateThumbnail(await file(png), 1)).rejects.toThrow(ThreeMfError);
  });
});

describe("fetchPlateThumbnail", () => {
  it("tries the candidates through FTPS, reads the PNG and removes its temporary copy", async () => {
    const threeMf = make3mf("Benchy", 10, 42, 1);
    const asked: string[][] = [];
    let copy = "";
    const ftps = {
      async fetchFirst(paths: readonly string[], destination: string) {
        asked.push([...paths]);
        copy = destination;
        await writeFile(destination, threeMf);
        return { path: paths[1]!, size: threeMf.length };
      },
    };
    const ref = jobThumbnailRef({ subtask_name: "Benchy", gcode_file: "/data/Metadata/plate_1.gcode" })!;
    const result = await fetchPlateThumbnail(ftps, ref);
    expect(asked).toEqual([threeMfCandidates({ subtask_name: "Benchy" })]);
    expect(result).toMatchObject({ fileName: "plate_1.png", contentType: "image/png" });
    const chunks: Buffer[] = [];
    for await (const chunk of result!.stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(await pngOf(threeMf, 1))).toBe(true);
    await expect(rm(copy)).rejects.toThrow(/ENOENT/);
  });

  it("no 3MF on the card, or not a Bambu ref: no thumbnail", async () => {
    const ftps = { fetchFirst: async () => undefined };
    expect(await fetchPlateThumbnail(ftps, "/Gone.3mf#Metadata/plate_1.png")).toBeUndefined();
    expect(await fetchPlateThumbnail(ftps, "something else")).toBeUndefined();
  });
});
