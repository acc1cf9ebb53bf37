// Whether saving a printer needs a "save anyway?" first, and what to say in it. Saving tests the
// connection values first unless they are as stored (an edit of the name) or the last test of
// exactly these values passed; a failed or unfinished test is said in one sentence.
import type { RouterOutputs } from "@printernizer/api";
import { withoutSystemErrors } from "@printernizer/farm/reachability";

export type ConnectionTestOutcome = RouterOutputs["admin"]["printers"]["testConnection"];

/** The values a connection test depends on, as one comparable key. */
export function connectionKey(form: {
  kind: string;
  host: string;
  port: string;
  model: string;
  values: Record<string, string>;
}): string {
  return JSON.stringify([
    form.kind,
    form.host.trim(),
    form.port,
    form.model,
    Object.entries(form.values).sort(),
  ]);
}

/** "save": no test needed (values as stored, or the last test of these values passed); "test": run one first. */
export function saveStep(
  key: string,
  savedKey: string | null,
  tested: { key: string; outcome: ConnectionTestOutcome } | null,
): { step: "save" } | { step: "test" } | { step: "ask"; reason: string } {
  if (key === savedKey) return { step: "save" };
  if (tested?.key !== key) return { step: "test" };
  const reason = testFailure(tested.outcome);
  return reason ? { step: "ask", reason } : { step: "save" };
}

const failureTitle: Record<string, string> = {
  unreachable: "Printernizer could not reach the printer",
  timeout: "The printer did not answer in time",
  authorization: "The printer refused the credentials",
  certificate: "The printer presented a different certificate than the one trusted for it",
  protocol: "The printer answered, but not as expected",
  unsupported_firmware: "The printer's firmware is not supported",
};

/** The printer's or worker's words, without raw socket errors (said in words instead). */
export function readable(message: string): string {
  return withoutSystemErrors(message.trim()) ?? "";
}

export function unfinished(outcome: ConnectionTestOutcome): string {
  return (
    (outcome.error && withoutSystemErrors(outcome.error)) ??
    "The connection test did not finish. Is the worker running?"
  );
}

/** What a failed or unfinished test found, for "save anyway?"; null when the printer answered. */
export function testFailure(outcome: ConnectionTestOutcome): string | null {
  if (outcome.status !== "done" || !outcome.result) return unfinished(outcome);
  if (outcome.result.ok) return null;
  const { reason } = outcome.result;
  const title = failureTitle[reason] ?? "The test failed";
  const message = readable(outcome.result.message);
  return message ? `${title}: ${message}` : `${title}.`;
}
