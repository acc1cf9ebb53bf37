"use client";
// Add or edit a printer: the fields come from the kind's metadata (`@printernizer/printers/kinds`). Secret
// fields are write-only: when one is stored, the field stays empty and says so; typing
// replaces it. "Test connection" checks the values as typed, through a worker. Saving new
// connection values tests them first (unless the last test of exactly these values passed);
// a failed test asks "save anyway?" with what the test found.
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { RouterOutputs } from "@printernizer/api";
import { listPrinterKindMetadata, printerKindMetadata } from "@printernizer/printers/kinds";
import { Button } from "@printernizer/ui/button";
import { ConfirmDialog } from "@printernizer/ui/confirm-dialog";
import { CheckboxField, FormMessage, SelectField, TextField } from "@printernizer/ui/form-field";
import { errorMessage } from "~/app/_lib/trpc-error";
import { useTRPC } from "~/trpc/react";
import { tagsFromText } from "@printernizer/farm/printer-placement";
import { ConnectionResult } from "./connection-result";
import { PlacementFields } from "./placement-fields";
import { connectionKey as keyOf, saveStep, testFailure, type ConnectionTestOutcome } from "./save-check";

export type AdminPrinter = RouterOutputs["admin"]["printers"]["list"][number];

export function PrinterForm({
  printer,
  onSaved,
  onCancel,
}: {
  printer?: AdminPrinter;
  onSaved: (name: string) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const kinds = listPrinterKindMetadata();
  const [kind, setKind] = useState(printer?.kind ?? kinds[0]!.kind);
  const metadata = printerKindMetadata(kind)!;
  const [name, setName] = useState(printer?.name ?? "");
  const [host, setHost] = useState(printer?.host ?? "");
  const [port, setPort] = useState(printer?.port ? String(printer.port) : "");
  const [model, setModel] = useState(printer?.model ?? "");
  const [values, setValues] = useState<Record<string, string>>(() => ({ ...(printer?.values ?? {}) }));
  const [autoClearPlate, setAutoClearPlate] = useState(printer?.autoClearPlate ?? false);
  const [location, setLocation] = useState(printer?.location ?? "");
  const [tags, setTags] = useState(printer?.tags.join(", ") ?? "");
  /** The last test and the connection values it tested. */
  const [tested, setTested] = useState<{ key: string; outcome: ConnectionTestOutcome } | null>(null);
  const testOutcome = tested?.outcome ?? null;
  /** A failed (or unfinished) test's message while "save anyway?" is asked. */
  const [confirming, setConfirming] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const connectionKey = (v: Record<string, string> = values) => keyOf({ kind, host, port, model, values: v });
  // An edit that leaves the connection values as stored saves without a test.
  const [savedKey] = useState(() => (printer ? connectionKey() : null));

  const form = () => ({
    kind,
    name,
    host,
    port: port.trim() ? Number(port) : null,
    model: model || null,
    values,
    autoClearPlate,
    location,
    tags: tagsFromText(tags),
  });
  const create = useMutation(trpc.admin.printers.create.mutationOptions());
  const update = useMutation(trpc.admin.printers.update.mutationOptions());
  const saving = create.isPending || update.isPending;
  const test = useMutation(trpc.admin.printers.testConnection.mutationOptions());

  async function save() {
    setConfirming(null);
    try {
      if (printer) await update.mutateAsync({ id: printer.id, ...form() });
      else await create.mutateAsync(form());
      onSaved(name);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }

  /** Tests the values as typed; undefined when the form itself was refused (the error is shown). */
  async function runTest(): Promise<ConnectionTestOutcome | undefined> {
    setError(null);
    setTested(null);
    const key = connectionKey();
    try {
      const outcome = await test.mutateAsync({ ...form(), ...(printer ? { id: printer.id } : {}) });
      setTested({ key, outcome });
      return outcome;
    } catch (failure) {
      setError(errorMessage(failure));
      return undefined;
    }
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const next = saveStep(connectionKey(), savedKey, tested);
    if (next.step === "save") return save();
    if (next.step === "ask") return setConfirming(next.reason);
    const outcome = await runTest();
    if (!outcome) return;
    const failure = testFailure(outcome);
    if (failure) setConfirming(failure);
    else await save();
  }

  async function onTest() {
    await runTest();
  }

  const setValue = (field: string, value: string) => setValues((current) => ({ ...current, [field]: value }));

  return (
    <form
      onSubmit={onSubmit}
      className="space-y-3"
      aria-label={printer ? `Edit ${printer.name}` : "Add a printer"}
    >
      {printer ? null : (
        <SelectField
          label="Kind"
          value={kind}
          onChange={(event) => {
            setKind(event.target.value);
            setValues({});
            setTested(null);
          }}
          options={kinds.map((k) => ({ value: k.kind, label: k.displayName }))}
        />
      )}
      <TextField
        label="Name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        required
        maxLength={80}
        placeholder="e.g. X1C bay 3"
      />
      <div className="grid grid-cols-[1fr_7rem] gap-2">
        <TextField
          label="IP address or host name"
          value={host}
          onChange={(e) => setHost(e.target.value)}
          required
          placeholder="192.168.1.50"
        />
        <TextField
          label="Port"
          inputMode="numeric"
          value={port}
          onChange={(e) => setPort(e.target.value.replace(/[^0-9]/g, ""))}
          placeholder={String(metadata.defaultPort)}
        />
      </div>
      <SelectField
        label="Model"
        value={model}
        onChange={(e) => setModel(e.target.value)}
        options={[
          { value: "", label: "Not set (detected on connect)" },
          ...metadata.models.map((m) => ({ value: m, label: m })),
        ]}
      />
      {metadata.fields.map((field) => {
        const stored = field.secret && printer?.secretsSet.includes(field.name);
        return (
          <TextField
            key={`${kind}-${field.name}`}
            label={field.label}
            type={field.secret ? "password" : "text"}
            autoComplete={field.secret ? "new-password" : "off"}
            required={field.required && !stored}
            value={values[field.name] ?? ""}
            onChange={(e) => setValue(field.name, e.target.value)}
            placeholder={stored ? "•••••••• stored (type to replace)" : undefined}
            hint={field.help}
          />
        );
      })}
      <PlacementFields location={location} onLocation={setLocation} tags={tags} onTags={setTags} />
      <CheckboxField
        label="Auto-clear plate (printer has an ejection system)"
        hint="Off: after every print an operator confirms the plate is clear before the next one starts. On: the next print may start right away."
        checked={autoClearPlate}
        onChange={(e) => setAutoClearPlate(e.target.checked)}
      />
      {testOutcome ? (
        <ConnectionResult
          kind={kind}
          outcome={testOutcome}
          trustedFingerprint={values.certificateFingerprint}
          onTrust={
            metadata.fields.some((f) => f.name === "certificateFingerprint")
              ? (fp) => {
                  // trusting what the test found keeps the test valid for these values
                  const trusted = { ...values, certificateFingerprint: fp };
                  setValues(trusted);
                  setTested((t) => (t ? { ...t, key: connectionKey(trusted) } : t));
                }
              : undefined
          }
        />
      ) : null}
      {test.isPending ? (
        <FormMessage tone="info">Testing the connection through the worker…</FormMessage>
      ) : null}
      {error ? <FormMessage>{error}</FormMessage> : null}
      <div className="flex flex-wrap justify-end gap-2 pt-1">
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <Button variant="secondary" onClick={onTest} disabled={test.isPending || !host}>
          {test.isPending ? "Testing…" : "Test connection"}
        </Button>
        <Button type="submit" disabled={saving || test.isPending}>
          {saving ? "Saving…" : printer ? "Save changes" : "Add printer"}
        </Button>
      </div>
      <ConfirmDialog
        open={confirming !== null}
        title="Save anyway?"
        confirmLabel="Save anyway"
        cancelLabel="Go back"
        busy={saving}
        onCancel={() => setConfirming(null)}
        onConfirm={() => void save()}
      >
        <p data-testid="save-anyway-reason">The connection test failed: {confirming}</p>
        <p className="mt-2">
          If you save, the worker keeps trying to connect and the printer shows as offline until it answers.
        </p>
      </ConfirmDialog>
    </form>
  );
}
