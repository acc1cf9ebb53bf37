// Error help links per kind (moved from the web app's error-links.ts with their meaning kept).
import { describe, expect, it } from "vitest";
import { errorHelpUrl } from "./kinds";

describe("errorHelpUrl", () => {
  it("prefers the link the adapter gave", () => {
    expect(
      errorHelpUrl("bambu", {
        code: "0300_0100_0001_0007",
        url: "https://wiki.bambulab.com/en/x1/troubleshooting/hmscode/0300_0100_0001_0007",
      }),
    ).toBe("https://wiki.bambulab.com/en/x1/troubleshooting/hmscode/0300_0100_0001_0007");
  });

  it("links Bambu HMS and print_error codes to Bambu's wiki", () => {
    expect(errorHelpUrl("bambu", { code: "0C00_0300_0003_0007" })).toBe(
      "https://wiki.bambulab.com/en/x1/troubleshooting/hmscode/0C00_0300_0003_0007",
    );
    expect(errorHelpUrl("bambu", { code: "0300_8004" })).toBe(
      "https://wiki.bambulab.com/en/x1/troubleshooting/hmscode/0300_8004",
    );
  });

  it("links Prusa's five-digit error codes to Prusa's help", () => {
    expect(errorHelpUrl("prusalink", { code: "#17501" })).toBe("https://help.prusa3d.com/en/17501");
    expect(errorHelpUrl("prusalink", { code: "12201" })).toBe("https://help.prusa3d.com/en/12201");
  });

  it("gives no link where none is known", () => {
    expect(errorHelpUrl("prusalink", { code: "STATUS_PRINTER" })).toBeNull();
    expect(errorHelpUrl("prusalink", { code: "0300_8004" })).toBeNull();
    expect(errorHelpUrl("bambu", { code: "12201" })).toBeNull();
  });
});
