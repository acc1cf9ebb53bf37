import { z } from "zod";

export const passwordRules = { min: 10, max: 128 } as const;

export const ZPasswordSchema = z
  .string()
  .min(passwordRules.min, `Use at least ${passwordRules.min} characters for the password.`)
  .max(passwordRules.max, `Use at most ${passwordRules.max} characters for the password.`);

/** The longest email address (RFC 5321's path limit less its brackets), with the sentence that says so. */
export const emailRules = { max: 254, tooLong: "An email address has at most 254 characters." } as const;

export const ZEmailSchema = z
  .string()
  .max(emailRules.max, emailRules.tooLong)
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "Enter a valid email address, like name@example.com." }));

export const ZNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a name.")
  .max(100, "Keep the name under 100 characters.");
