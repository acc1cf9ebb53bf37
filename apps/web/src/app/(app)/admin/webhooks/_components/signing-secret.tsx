"use client";
// A generic channel's signing secret, shown once after it is made, with how a receiver checks it.
import { useState } from "react";
import { Button } from "@printernizer/ui/button";

export function SigningSecret({ name, value, onDone }: { name: string; value: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div
      role="region"
      aria-label={`Signing secret for ${name}`}
      className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-950"
    >
      <p className="font-medium">Signing secret for {name}: copy it now, it is not shown again.</p>
      <code
        data-testid="signing-secret"
        className="block break-all rounded bg-white px-2 py-1 dark:bg-slate-900"
      >
        {value}
      </code>
      <p className="text-xs">
        Each request carries <code>X-Printernizer-Signature: sha256=&lt;hex&gt;</code>, the HMAC-SHA256 of the
        raw body with this secret, and <code>X-Printernizer-Timestamp</code> (Unix seconds, also{" "}
        <code>sentAt</code> in the body). Recompute it over the bytes received, compare in constant time, and
        refuse old timestamps and delivery ids seen before.
      </p>
      <div className="flex gap-2">
        <Button
          variant="secondary"
          onClick={() =>
            void navigator.clipboard?.writeText(value).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? "Copied" : "Copy"}
        </Button>
        <Button onClick={onDone}>Done</Button>
      </div>
    </div>
  );
}
