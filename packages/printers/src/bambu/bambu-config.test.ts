import { describe, expect, it } from "vitest";
import { BambuConfigSchema } from "./bambu-config";

const base = { host: "192.168.1.50", serial: "00M09A350100123", accessCode: "12345678" };

describe("Bambu config", () => {
  it("defaults to the printer's own ports", () => {
    expect(BambuConfigSchema.parse(base)).toMatchObject({ mqttPort: 8883, ftpPort: 990 });
  });
  it("takes the admin form's port as the MQTT port, unless settings name one", () => {
    expect(BambuConfigSchema.parse({ ...base, port: 18883 })).toMatchObject({ mqttPort: 18883 });
    expect(BambuConfigSchema.parse({ ...base, port: 18883, mqttPort: 28883 })).toMatchObject({
      mqttPort: 28883,
    });
    expect(BambuConfigSchema.parse({ ...base, port: null })).toMatchObject({ mqttPort: 8883 });
  });
  it("refuses a config without the access code", () => {
    expect(BambuConfigSchema.safeParse({ host: base.host, serial: base.serial }).success).toBe(false);
  });
});
