import { describe, expect, it } from "vitest";
import { andList, printerNeedsSentence, supportedPrintersSentence } from "./printer-kinds";

describe("sentences about the printer kinds", () => {
  it("joins a list the way people write it", () => {
    expect(andList([])).toBe("");
    expect(andList(["a"])).toBe("a");
    expect(andList(["a", "b"])).toBe("a and b");
    expect(andList(["a", "b", "c"])).toBe("a, b and c");
  });

  it("say what the empty dashboard and admin list said before, from the kinds' metadata", () => {
    expect(supportedPrintersSentence()).toBe(
      "Printernizer talks to Bambu Lab printers (LAN mode, access code from the printer's screen) and Prusa printers with PrusaLink (password or API key from the printer's network settings).",
    );
    expect(printerNeedsSentence()).toBe("you need its IP address and, for Bambu Lab, the serial number and LAN access code; for Prusa, the PrusaLink password or API key.");
  });
});
