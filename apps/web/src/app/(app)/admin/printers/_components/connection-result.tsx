"use client";
// What a connection test found, in words an admin can act on.
import { printerKindMetadata } from "@printernizer/printers/kinds";
import { Button } from "@printernizer/ui/button";
import { FormMessage } from "@printernizer/ui/form-field";
import { readable, unfinished, type ConnectionTestOutcome } from "./save-check";

export type { ConnectionTestOutcome } from "./save-check";

const advice: Record<string, string> = {
  unreachable:
    "Printernizer could not reach the printer. Check the IP address, that the printer is on, and that it is on the same network.",
  timeout: "The printer did not answer in time. It may be busy or the network slow; try again.",
  authorization: "The printer refused the credentials.",
  certificate:
    "The printer presented a different certificate than the one trusted for it. If you replaced or reset the printer, trust the new certificate below.",
  protocol: "The printer answered, but not as expected. Check the printer kind and port.",
  unsupported_firmware: "The printer's firmware is not supported. Update the printer's firmware.",
};

/** What to do about a failed test; a refused login adds the kind's own hint (where its credentials are). */
function adviceFor(kind: string, reason: string): string | undefined {
  const hint =
    reason === "authorization" ? printerKindMetadata(kind)?.connectionHelp.authorization : undefined;
  return hint ? `${advice[reason]} ${hint}` : advice[reason];
}

export function ConnectionResult({
  kind,
  outcome,
  trustedFingerprint,
  onTrust,
}: {
  kind: string;
  outcome: ConnectionTestOutcome;
  trustedFingerprint?: string;
  onTrust?: (fingerprint: string) => void;
}) {
  if (outcome.status !== "done" || !outcome.result) {
    return <FormMessage>{unfinished(outcome)}</FormMessage>;
  }
  const result = outcome.result;
  const fingerprint = result.ok ? result.identity.certificateFingerprint : result.certificateFingerprint;
  const trustButton =
    fingerprint && onTrust && fingerprint !== trustedFingerprint ? (
      <div className="mt-2 space-y-1">
        <p className="text-xs">
          Certificate fingerprint (SHA-256):{" "}
          <code data-testid="certificate-fingerprint" className="break-all">
            {fingerprint}
          </code>
        </p>
        <Button variant="secondary" onClick={() => onTrust(fingerprint)}>
          Trust this certificate
        </Button>
      </div>
    ) : fingerprint ? (
      <p className="mt-1 text-xs">
        Trusted certificate: <code className="break-all">{fingerprint}</code>
      </p>
    ) : null;
  if (result.ok) {
    const { identity } = result;
    return (
      <FormMessage tone="success">
        <span data-testid="connection-ok">
          Connected{identity.model ? ` to ${identity.model}` : ""}
          {identity.serial ? ` (serial ${identity.serial})` : ""}
          {identity.firmware ? `, firmware ${identity.firmware}` : ""}.
        </span>
        {trustButton}
      </FormMessage>
    );
  }
  return (
    <FormMessage>
      <span data-testid="connection-failed" data-reason={result.reason}>
        <strong>{result.reason.replace("_", " ")}:</strong> {readable(result.message)}
      </span>
      <span className="mt-1 block">{adviceFor(kind, result.reason)}</span>
      {trustButton}
    </FormMessage>
  );
}
