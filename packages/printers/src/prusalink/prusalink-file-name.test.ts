import { describe, expect, it } from "vitest";
import { MAX_NAME_CHARS, MAX_URL_BYTES, printerFileName } from "./prusalink-file-name";

const PREFIX = "/api/v1/files/usb/";
const fitsUrl = (name: string) => Buffer.byteLength(PREFIX + encodeURIComponent(name)) <= MAX_URL_BYTES;

describe("printerFileName", () => {
  it("keeps an ordinary name as it is", () => {
    expect(printerFileName("Benchy 0.4n PLA.bgcode", PREFIX)).toBe("Benchy 0.4n PLA.bgcode");
    expect(printerFileName("part.v2.gcode", PREFIX)).toBe("part.v2.gcode");
  });

  it("takes the last path segment only: no way out of the storage folder", () => {
    expect(printerFileName("../x.gcode", PREFIX)).toBe("x.gcode");
    expect(printerFileName("a/b.gcode", PREFIX)).toBe("b.gcode");
    expect(printerFileName("..\\..\\b.gcode", PREFIX)).toBe("b.gcode");
    expect(printerFileName("..", PREFIX)).toBe("print");
  });

  it("replaces what Buddy refuses or decodes: %, # and FAT's forbidden characters, control characters", () => {
    expect(printerFileName("%2e%2e%2fx.gcode", PREFIX)).toBe("_2e_2e_2fx.gcode");
    expect(printerFileName('a:b*c?"d<e>f|g#h.gcode', PREFIX)).toBe("a_b_c__d_e_f_g_h.gcode");
    expect(printerFileName("x\u0000\u001b\u007f.gcode", PREFIX)).toBe("x___.gcode");
    expect(printerFileName("  a   b .gcode ", PREFIX)).toBe("a b.gcode");
  });

  it("gives a name that is only an extension or only dots a stem, keeping the extension", () => {
    expect(printerFileName(".bgcode", PREFIX)).toBe("print.bgcode");
    expect(printerFileName("...gcode", PREFIX)).toBe("print.gcode");
    expect(printerFileName("\u00a0.gcode", PREFIX)).toBe("print.gcode");
    expect(printerFileName(".hidden.gcode", PREFIX)).toBe("hidden.gcode");
  });

  it("shortens a long UTF-8 name by whole characters until the encoded URL fits, keeping the extension", () => {
    for (const long of [
      "é".repeat(300) + ".gcode.3mf",
      "😀".repeat(100) + ".bgcode",
      "x".repeat(500) + ".gcode",
    ]) {
      const result = printerFileName(long, PREFIX);
      expect(fitsUrl(result)).toBe(true);
      expect(result.length).toBeLessThanOrEqual(MAX_NAME_CHARS);
      expect(result).not.toContain("\ufffd");
      expect(long.startsWith(result.slice(0, 5))).toBe(true);
      expect(long.endsWith(/(\.gcode\.3mf|\.bgcode|\.gcode)$/.exec(result)![0])).toBe(true);
    }
  });

  it("refuses a name whose extension alone cannot fit", () => {
    expect(() => printerFileName(`a.${"x".repeat(200)}`, PREFIX)).toThrow(RangeError);
  });
});
