// Shared pieces of the worker's integration tests.
import { createLogger } from "@printernizer/logger";
import type { Db } from "@printernizer/db";
import { createCredentialCipher, generateSecretKey } from "@printernizer/db/secrets";

export const testSecret = generateSecretKey();
export const testCipher = createCredentialCipher(testSecret);
export const quietLogger = createLogger({ name: "worker-test", level: "silent" });

export async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function insertPrinter(db: Db, data: { id?: string; kind: "bambu" | "prusalink"; name: string; host: string; port?: number; serial?: string; credentials: Record<string, unknown>; settings?: Record<string, unknown>; enabled?: boolean }) {
  return db.printer.create({
    data: {
      id: data.id,
      kind: data.kind,
      name: data.name,
      host: data.host,
      port: data.port ?? null,
      serial: data.serial ?? null,
      credentials: testCipher.encryptJson(data.credentials),
      settings: (data.settings ?? {}) as object,
      enabled: data.enabled ?? true,
    },
  });
}
