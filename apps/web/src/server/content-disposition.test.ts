import { describe, expect, it } from "vitest";
import { contentDisposition } from "./content-disposition";

describe("contentDisposition", () => {
  it("keeps a plain name as is in both forms", () => {
    expect(contentDisposition("painting_cone_0.4n_0.2mm_PETG_MK4_31m.bgcode")).toBe(
      `attachment; filename="painting_cone_0.4n_0.2mm_PETG_MK4_31m.bgcode"; filename*=UTF-8''painting_cone_0.4n_0.2mm_PETG_MK4_31m.bgcode`,
    );
  });

  it("encodes spaces, quotes, non-ASCII and RFC 5987's reserved characters", () => {
    const header = contentDisposition(`Würfel "groß" (v2)'s.3mf`);
    expect(header).toBe(
      `attachment; filename="W_rfel _gro__ (v2)'s.3mf"; filename*=UTF-8''W%C3%BCrfel%20%22gro%C3%9F%22%20%28v2%29%27s.3mf`,
    );
    expect(decodeURIComponent(header.split("UTF-8''")[1]!)).toBe(`Würfel "groß" (v2)'s.3mf`);
  });

  it("keeps every dot of a Bambu name (Benchy v2.gcode.3mf stays that, not Benchy v2)", () => {
    const header = contentDisposition("Benchy v2.gcode.3mf");
    expect(header).toBe(`attachment; filename="Benchy v2.gcode.3mf"; filename*=UTF-8''Benchy%20v2.gcode.3mf`);
  });

  it("cannot be broken out of with a newline or a semicolon", () => {
    const header = contentDisposition("a\r\nSet-Cookie: x=1;.gcode");
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toContain(`filename*=UTF-8''a%0D%0ASet-Cookie%3A%20x%3D1%3B.gcode`);
  });
});
