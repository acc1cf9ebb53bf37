"use client";
// A secret the server keeps only as a hash (an API key, a wall-display link), shown this once: a
// read-only field that selects itself, "Copy …" with its outcome, and "Done".
import { useState, type ReactNode } from "react";
import { Button } from "./button";
import { FormMessage, TextField } from "./form-field";

export function ShownOnce({
  label,
  value,
  testId,
  onDone,
  children,
}: {
  /** What it is, capitalized: "Key", "Link". */
  label: string;
  value: string;
  testId: string;
  onDone: () => void;
  /** What to do with it, above the field. */
  children: ReactNode;
}) {
  const [copied, setCopied] = useState<"copied" | "failed" | null>(null);
  const noun = label.toLowerCase();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("copied");
    } catch {
      setCopied("failed");
    }
  };
  return (
    <div className="space-y-3">
      {children}
      <TextField
        label={label}
        value={value}
        readOnly
        data-testid={testId}
        onFocus={(e) => e.target.select()}
      />
      {copied === "copied" ? <FormMessage tone="success">Copied to the clipboard.</FormMessage> : null}
      {copied === "failed" ? (
        <FormMessage tone="info">
          This browser did not allow copying: select the {noun} and copy it.
        </FormMessage>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={() => void copy()}>
          Copy {noun}
        </Button>
        <Button onClick={onDone}>Done</Button>
      </div>
    </div>
  );
}
