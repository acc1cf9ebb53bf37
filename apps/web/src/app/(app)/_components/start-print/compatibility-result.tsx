"use client";
// The compatibility check in words: problems that block the start (the printer cannot print
// this at all), mismatches a person may override with an explicit "Start anyway", and what
// could not be checked.
import { CheckboxField } from "@printernizer/ui/form-field";

export interface CompatibilityProblem {
  code: string;
  level: "blocking" | "mismatch" | "warning";
  message: string;
}

function ProblemList({
  problems,
  tone,
  mark,
  testId,
}: {
  problems: CompatibilityProblem[];
  tone: string;
  mark: string;
  testId: string;
}) {
  if (!problems.length) return null;
  return (
    <ul className={`space-y-1 rounded border px-2 py-1.5 text-sm ${tone}`} data-testid={testId}>
      {problems.map((p) => (
        <li key={`${p.code}-${p.message}`}>
          <span aria-hidden>{mark} </span>
          {p.message}
        </li>
      ))}
    </ul>
  );
}

export function CompatibilityResult({
  problems,
  override,
  onOverride,
}: {
  problems: CompatibilityProblem[];
  override: boolean;
  onOverride: (override: boolean) => void;
}) {
  const blocking = problems.filter((p) => p.level === "blocking");
  const mismatches = problems.filter((p) => p.level === "mismatch");
  const warnings = problems.filter((p) => p.level === "warning");
  return (
    <section aria-label="Compatibility" aria-live="polite" className="space-y-2" data-testid="compatibility">
      {blocking.length === 0 && mismatches.length === 0 ? (
        <p className="text-sm text-emerald-700 dark:text-emerald-400" data-testid="compatible">
          ✓ This file fits this printer{warnings.length ? " as far as it could be checked" : ""}.
        </p>
      ) : null}
      <ProblemList
        problems={blocking}
        mark="✕"
        testId="blocking-problems"
        tone="border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
      />
      <ProblemList
        problems={mismatches}
        mark="⚠"
        testId="mismatches"
        tone="border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
      />
      <ProblemList
        problems={warnings}
        mark="?"
        testId="unchecked"
        tone="border-slate-200 bg-slate-50 text-slate-700 dark:border-slate-700 dark:bg-slate-800 dark:text-slate-200"
      />
      {mismatches.length && !blocking.length ? (
        <CheckboxField
          label="Start anyway"
          hint="I have read the problems above and want to start the print regardless."
          checked={override}
          onChange={(event) => onOverride(event.target.checked)}
        />
      ) : null}
    </section>
  );
}
