// The start request's shape (protocols/bambu-lan.md §3), when a start is refused, and SD names.
import { describe, expect, it } from "vitest";
import { PrintOptionsSchema } from "../core/print-start";
import { bambuModelFacts } from "./bambu-models";
import { PrinterConflictError } from "../core/errors";
import { int32Id, startFailure, startRefusal, startRequest } from "./bambu-start";
import { cleanSdName, SD_NAME_MAX_BYTES } from "./bambu-upload";

const options = PrintOptionsSchema.parse({});

describe("startRequest", () => {
  it("builds project_file for a 3MF with the plate, options and the AMS mapping in both forms", () => {
    const body = startRequest({
      name: "Fidget Collection.gcode.3mf",
      plate: 2,
      jobName: "Fidget Collection",
      options: { ...options, timelapse: true, flowCalibration: false, amsMapping: [1, -1, 254, 129] },
      projectUrl: "file:///sdcard/",
      taskId: "123456",
    });
    expect(body).toEqual({
      command: "project_file",
      param: "Metadata/plate_2.gcode",
      url: "file:///sdcard/Fidget Collection.gcode.3mf",
      file: "Fidget Collection.gcode.3mf",
      md5: "",
      subtask_name: "Fidget Collection",
      project_id: "123456",
      profile_id: "0",
      task_id: "123456",
      subtask_id: "123456",
      bed_type: "auto",
      timelapse: true,
      bed_levelling: true,
      bed_leveling: true,
      flow_cali: false,
      vibration_cali: true,
      layer_inspect: true,
      use_ams: true,
      ams_mapping: [1, -1, -1, 129],
      ams_mapping2: [
        { ams_id: 0, slot_id: 1 },
        { ams_id: 255, slot_id: 255 },
        { ams_id: 254, slot_id: 0 },
        { ams_id: 129, slot_id: 0 },
      ],
    });
  });

  it("uses ftp:/// on the H2 models and leaves the mapping out without the AMS", () => {
    const body = startRequest({
      name: "a.3mf",
      plate: 1,
      jobName: "a",
      options: { ...options, useAms: false, amsMapping: [0] },
      projectUrl: bambuModelFacts("H2D")!.projectUrl,
    });
    expect(body).toMatchObject({ url: "ftp:///a.3mf", use_ams: false });
    expect(body).not.toHaveProperty("ams_mapping");
    expect(bambuModelFacts("P1S")!.projectUrl).toBe("file:///sdcard/");
    expect(bambuModelFacts("A1 mini")!.projectUrl).toBe("file:///sdcard/");
  });

  it("builds gcode_file for plain G-code", () => {
    expect(
      startRequest({ name: "cube.gcode", plate: 1, jobName: "cube", options, projectUrl: "ftp:///" }),
    ).toEqual({ command: "gcode_file", param: "/sdcard/cube.gcode" });
  });

  it("makes int32-safe task ids", () => {
    for (let i = 0; i < 1_000; i++) {
      const id = Number(int32Id());
      expect(Number.isInteger(id) && id > 0 && id < 2 ** 31).toBe(true);
    }
  });
});

describe("startRefusal", () => {
  it("allows IDLE, FINISH and FAILED, and refuses a busy printer in words", () => {
    for (const state of ["IDLE", "FINISH", "FAILED"])
      expect(startRefusal({ gcode_state: state })).toBeUndefined();
    expect(startRefusal({ gcode_state: "RUNNING" })).toBe(
      "The printer is printing (RUNNING); it cannot start another print.",
    );
    expect(startRefusal({ gcode_state: "PAUSE" })).toContain("paused (PAUSE)");
    expect(startRefusal({ gcode_state: "PREPARE" })).toContain("(PREPARE)");
    expect(startRefusal({ gcode_state: "SLICING" })).toContain("(SLICING)");
    expect(startRefusal({})).toContain("not reported its state");
    expect(startRefusal({ gcode_state: "IDLE", print_error: 0x05004004 })).toContain("0500_4004");
  });
});

describe("startFailure", () => {
  const meta = { printerId: "p1", command: "start" };
  it("names a busy or SD card print_error that appeared after the start was sent", () => {
    const busy = startFailure({ print_error: 0x05004004 }, 0, meta);
    expect(busy).toBeInstanceOf(PrinterConflictError);
    expect(busy?.message).toContain("0500_4004");
    expect(busy?.meta).toEqual(meta);
    expect(startFailure({ print_error: 0x0500c010 }, undefined, meta)?.message).toContain("0500_C010");
  });

  it("ignores an error that was there before, other errors and none", () => {
    expect(startFailure({ print_error: 0x0500c010 }, 0x0500c010, meta)).toBeUndefined();
    expect(startFailure({ print_error: 0x0300400c }, 0, meta)).toBeUndefined();
    expect(startFailure({ print_error: 0 }, undefined, meta)).toBeUndefined();
    expect(startFailure({}, 0x05004004, meta)).toBeUndefined();
  });
});

describe("cleanSdName", () => {
  it("never leaves the SD root and never yields an empty or dot-only name", () => {
    expect(cleanSdName("../x.gcode")).toBe("x.gcode");
    expect(cleanSdName("..\\..\\x.3mf")).toBe("x.3mf");
    expect(cleanSdName("a/b")).toBe("b");
    expect(cleanSdName("..")).toBe("print");
    expect(cleanSdName("\u0000")).toBe("print");
    expect(cleanSdName(".gcode.3mf")).toBe("print.gcode.3mf");
    // FTP paths are not URL-decoded: "%2e%2e" is a plain name there.
    expect(cleanSdName("%2e%2e%2fx.gcode")).toBe("%2e%2e%2fx.gcode");
  });

  it("keeps the last path segment and the extension, and drops what the card does not take", () => {
    expect(cleanSdName("C:\\Users\\me\\Benchy.gcode.3mf")).toBe("Benchy.gcode.3mf");
    expect(cleanSdName("dir/sub/cube.gcode")).toBe("cube.gcode");
    expect(cleanSdName('a:b*c?"d<e>f|g.3mf')).toBe("a_b_c__d_e_f_g.3mf");
    expect(cleanSdName("tab\there\u0000nul\u007f.GCODE")).toBe("tabherenul.gcode");
    expect(cleanSdName("..hidden .3mf")).toBe("hidden.3mf");
    expect(cleanSdName(".3mf")).toBe("print.3mf");
    expect(cleanSdName("Würfel v1.2 (final).gcode.3mf")).toBe("Würfel v1.2 (final).gcode.3mf");
  });

  it("bounds the length in bytes without splitting a character", () => {
    const name = cleanSdName(`${"ä".repeat(300)}.gcode.3mf`);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(SD_NAME_MAX_BYTES);
    expect(name.endsWith("ä.gcode.3mf")).toBe(true);
    expect(name).not.toContain("\uFFFD");
  });
});
