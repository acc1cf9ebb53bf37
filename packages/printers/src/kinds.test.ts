import { describe, expect, it } from "vitest";
import {
  buildPrinterConfig,
  isPrinterKind,
  listPrinterKindMetadata,
  printerKindLabel,
  printerKindList,
  printerKindMetadata,
} from "./kinds";

const bambuRow = {
  host: "192.168.1.40",
  port: null,
  serial: "00M09A350100123",
  model: "X1C",
  settings: { certificateFingerprint: "AB:CD" },
  credentials: { accessCode: "12345678" },
};
const prusaRow = {
  host: "192.168.1.50",
  port: 8080,
  serial: "SN-MK4-1",
  model: "MK4",
  settings: {},
  credentials: { password: "secret-pass" },
};

describe("printer kinds metadata", () => {
  it("lists every built-in kind with the labels the app shows", () => {
    expect(printerKindList).toEqual(["bambu", "prusalink"]);
    expect(listPrinterKindMetadata().map((m) => [m.kind, m.label])).toEqual(
      expect.arrayContaining([
        ["bambu", "Bambu Lab"],
        ["prusalink", "Prusa"],
      ]),
    );
    expect(printerKindLabel("bambu")).toBe("Bambu Lab");
    expect(printerKindLabel("octoprint")).toBe("octoprint");
    expect(isPrinterKind("prusalink")).toBe(true);
    expect(isPrinterKind("toString")).toBe(false);
    expect(printerKindMetadata("constructor")).toBeUndefined();
  });

  it("claims only what is built: no kind starts prints, only Bambu has an AMS and a camera stream", () => {
    for (const kind of printerKindList) {
      const { capabilities } = printerKindMetadata(kind)!;
      expect(capabilities).toMatchObject({
        pause: true,
        resume: true,
        cancel: true,
        startPrint: false,
        files: true,
        download: true,
      });
    }
    expect(printerKindMetadata("bambu")!.capabilities).toMatchObject({
      ams: true,
      thumbnails: true,
      camera: "stream",
    });
    // Prusa's camera is a cloud service (Prusa Connect), not something PrusaLink serves on the LAN.
    expect(printerKindMetadata("prusalink")!.capabilities).toMatchObject({
      ams: false,
      thumbnails: true,
      camera: "none",
    });
  });
});

describe("buildConfig: Printer row → adapter config", () => {
  it("Bambu: the serial column names the topics and the certificate; the row's port is the MQTT port", () => {
    const built = buildPrinterConfig("bambu", { ...bambuRow, port: 18883 });
    expect(built).toEqual({
      ok: true,
      config: expect.objectContaining({
        host: "192.168.1.40",
        serial: "00M09A350100123",
        accessCode: "12345678",
        model: "X1C",
        mqttPort: 18883,
        ftpPort: 990,
        certificateFingerprint: "AB:CD",
      }),
    });
  });

  it("Bambu: an empty or blank serial is a missing serial, named as such (never an empty MQTT topic)", () => {
    for (const serial of [null, "", "   "]) {
      const built = buildPrinterConfig("bambu", { ...bambuRow, serial });
      expect(built?.ok).toBe(false);
      expect(built && !built.ok ? built.issues.map((i) => i.field) : []).toEqual(["serial"]);
    }
    expect(buildPrinterConfig("bambu", { ...bambuRow, serial: " 00M09A350100123 " })).toMatchObject({
      ok: true,
      config: { serial: "00M09A350100123" },
    });
  });

  it("Bambu: the serial column wins over a stale copy in settings, and an empty model is left out", () => {
    const built = buildPrinterConfig("bambu", { ...bambuRow, model: "", settings: { serial: "OLD" } });
    expect(built).toMatchObject({ ok: true, config: { serial: "00M09A350100123" } });
    expect(built?.ok && "model" in (built.config as object)).toBe(false);
  });

  it("PrusaLink: takes no serial or model (the printer reports them) and needs a password or an API key", () => {
    const built = buildPrinterConfig("prusalink", prusaRow);
    expect(built).toEqual({
      ok: true,
      config: { host: "192.168.1.50", port: 8080, username: "maker", password: "secret-pass" },
    });
    expect(buildPrinterConfig("prusalink", { ...prusaRow, port: null, serial: null })).toMatchObject({
      ok: true,
      config: { port: 80 },
    });
    expect(buildPrinterConfig("prusalink", { ...prusaRow, credentials: {} })).toEqual({
      ok: false,
      issues: [{ field: "password", message: "a password or an API key is required" }],
    });
  });

  it("secrets win over settings, and settings that are not an object count as none", () => {
    expect(
      buildPrinterConfig("prusalink", {
        ...prusaRow,
        settings: { password: "from-settings", username: "pi" },
      }),
    ).toMatchObject({ ok: true, config: { password: "secret-pass", username: "pi" } });
    expect(buildPrinterConfig("prusalink", { ...prusaRow, settings: ["x"] })).toMatchObject({ ok: true });
  });

  it("an unknown kind has no config", () => {
    expect(buildPrinterConfig("octoprint", prusaRow)).toBeUndefined();
  });
});
