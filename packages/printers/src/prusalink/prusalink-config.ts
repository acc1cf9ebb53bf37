// The validated, decrypted configuration of one PrusaLink printer.
import { z } from "zod";

export const PrusaLinkConfigSchema = z
  .object({
    host: z.string().min(1),
    port: z.coerce.number().int().min(1).max(65_535).default(80),
    /** Buddy's user is always "maker"; the RPi Prusa-Link user is chosen in its setup wizard. */
    username: z.string().min(1).default("maker"),
    /** Buddy: the "password/API key" shown on the printer (used for Digest). */
    password: z.string().min(1).optional(),
    /** X-Api-Key: Buddy compares it to the same password; the RPi has a separate key. */
    apiKey: z.string().min(1).optional(),
    pollIntervalMs: z.number().int().min(250).optional(),
  })
  .refine((c) => c.password !== undefined || c.apiKey !== undefined, {
    message: "a password or an API key is required",
    path: ["password"],
  });

export type PrusaLinkConfig = z.infer<typeof PrusaLinkConfigSchema>;
