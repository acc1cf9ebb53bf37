// What a connection test (and a failed command) may show: the adapter's error kind, a short
// fixed explanation, and at most a short, sanitized quote of what the printer said. Whatever
// answered on that address (an HTML page, a router's login form) is never shown whole.
import type { PrinterIdentity, TestConnectionResult } from "@printernizer/printers";

export const printerQuoteMax = 120;
const identityFieldMax = 64;

const explanations: Record<Extract<TestConnectionResult, { ok: false }>["reason"], string> = {
  unreachable: "Could not connect to the printer.",
  timeout: "The printer did not answer in time.",
  authorization: "The printer refused the credentials.",
  certificate: "The printer's certificate is not the trusted one.",
  protocol: "Something answered, but not as this kind of printer does.",
  unsupported_firmware: "The printer's firmware is not supported.",
};

/** Plain, single-line, well-formed text of at most `max` characters: no markup, no control characters. */
export function shortText(text: string, max = printerQuoteMax): string {
  const plain = text
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "") // lone surrogates
    .replace(/<(script|style)\b[^>]*>[\s\S]*?(<\/\1\s*>|$)/gi, " ")
    .replace(/<[^>]*>?/g, " ")
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return plain.length > max ? `${plain.slice(0, max - 1).trimEnd()}…` : plain;
}

function shortIdentity(identity: PrinterIdentity): PrinterIdentity {
  const out = { ...identity } as Record<string, unknown>;
  for (const [key, value] of Object.entries(out))
    if (typeof value === "string" && key !== "certificateFingerprint")
      out[key] = shortText(value, identityFieldMax);
  return out as unknown as PrinterIdentity;
}

/** The result as stored and shown: a failure is its kind, a fixed explanation and a short quote. */
export function summarizeConnectionTest(result: TestConnectionResult): TestConnectionResult {
  if (result.ok) return { ok: true, identity: shortIdentity(result.identity) };
  const quote = shortText(result.message);
  const explanation = explanations[result.reason] ?? "The connection test failed.";
  return {
    ok: false,
    reason: result.reason,
    message: quote ? `${explanation} (${quote})` : explanation,
    ...(result.certificateFingerprint ? { certificateFingerprint: result.certificateFingerprint } : {}),
  };
}
