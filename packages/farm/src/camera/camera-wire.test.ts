import { describe, expect, it } from "vitest";
import { generateSecretKey } from "@printernizer/db/secrets";
import { cameraToken, cameraTokenLifetimeMs, cameraTokenVerifier } from "./camera-token";
import { CameraWireDecoder, CameraWireError, encodeFrame, encodeState } from "./camera-wire";

describe("camera wire", () => {
  it("decodes frames and states however the bytes are split", () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 1, 2, 3, 0xff, 0xd9]);
    const bytes = new Uint8Array([
      ...encodeState(2, { state: "error", message: "live view is off", retryInMs: 5000 }),
      ...encodeFrame(3, jpeg, 1_700_000_000_123),
    ]);
    for (const step of [1, 5, 13, bytes.length]) {
      const decoder = new CameraWireDecoder();
      const got = [];
      for (let i = 0; i < bytes.length; i += step) got.push(...decoder.push(bytes.slice(i, i + step)));
      expect(got).toEqual([
        {
          type: "state",
          channel: 2,
          state: { state: "error", message: "live view is off", retryInMs: 5000 },
        },
        { type: "frame", channel: 3, jpeg, at: 1_700_000_000_123 },
      ]);
    }
  });

  it("refuses an unknown type or an oversized length instead of buffering it", () => {
    expect(() => new CameraWireDecoder().push(new Uint8Array([9, 0, 0, 0, 0, 1, 0]))).toThrow(
      CameraWireError,
    );
    expect(() => new CameraWireDecoder().push(new Uint8Array([1, 0, 0x7f, 0, 0, 0]))).toThrow(
      CameraWireError,
    );
  });
});

describe("camera token", () => {
  it("opens only the printer it was made for, only with the shared secret, only until it expires", () => {
    const secret = generateSecretKey();
    const verify = cameraTokenVerifier(secret);
    const now = Date.now();
    const token = cameraToken(secret, "printer-1", now);
    expect(verify("printer-1", token, now)).toBe(true);
    expect(verify("printer-2", token, now)).toBe(false);
    expect(verify("printer-1", cameraToken(generateSecretKey(), "printer-1", now), now)).toBe(false);
    expect(verify("printer-1", token, now + cameraTokenLifetimeMs + 1)).toBe(false);
    expect(verify("printer-1", undefined, now)).toBe(false);
    expect(verify("printer-1", `${now + 1000}.${"A".repeat(43)}`, now)).toBe(false);
  });

  it("accepts tokens of a previous secret during a rotation", () => {
    const old = generateSecretKey();
    const verify = cameraTokenVerifier(generateSecretKey(), [old]);
    expect(verify("p", cameraToken(old, "p"))).toBe(true);
  });
});
