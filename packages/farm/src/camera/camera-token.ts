// The web app's pass to a worker's camera endpoints: an HMAC-SHA256 of the printer id and an
// expiry, keyed by a key derived from PRINTERNIZER_SECRET (which web and worker share), so nothing
// else on the network can pull frames from a worker. Previous secrets are accepted while a key
// rotation is under way. Server-only (node:crypto).
import { createHmac, timingSafeEqual } from "node:crypto";
import { parseSecretKey } from "@printernizer/db/secrets";

export const CAMERA_TOKEN_HEADER = "x-printernizer-camera-token";
/** A token opens a stream (which then stays open) or fetches a snapshot within this time. */
export const cameraTokenLifetimeMs = 60_000;

function cameraKey(secret: string): Buffer {
  // A key of its own, so a camera token says nothing about the key that seals credentials.
  return createHmac("sha256", parseSecretKey(secret)).update("printernizer camera token v1").digest();
}

function mac(key: Buffer, printerId: string, expires: number): string {
  return createHmac("sha256", key).update(`${printerId}\n${expires}`).digest("base64url");
}

export function cameraToken(secret: string, printerId: string, now = Date.now()): string {
  const expires = now + cameraTokenLifetimeMs;
  return `${expires}.${mac(cameraKey(secret), printerId, expires)}`;
}

/** A verifier for the current secret and any previous ones. */
export function cameraTokenVerifier(secret: string, previous: string[] = []) {
  const keys = [secret, ...previous].map(cameraKey);
  return (printerId: string, token: string | undefined, now = Date.now()): boolean => {
    const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(token ?? "");
    if (!match) return false;
    const expires = Number(match[1]);
    if (expires < now || expires > now + 2 * cameraTokenLifetimeMs) return false;
    const given = Buffer.from(match[2]!);
    return keys.some((key) => {
      const expected = Buffer.from(mac(key, printerId, expires));
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
  };
}
