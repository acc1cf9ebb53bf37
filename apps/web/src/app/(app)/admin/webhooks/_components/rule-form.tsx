"use client";
// Add or edit a notification rule: which events, which printers (all, a location, a tag), which
// channels, and quiet hours (held and sent after as one summary; chosen events still go at once).
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { RouterOutputs } from "@printernizer/api";
import { Button } from "@printernizer/ui/button";
import { CheckboxField, FormMessage, SelectField, TextField } from "@printernizer/ui/form-field";
import { errorMessage, fieldErrors } from "~/app/_lib/trpc-error";
import { useTRPC } from "~/trpc/react";
import { eventLabels, urgentEvents, type RuleEvent } from "./event-labels";

export type AdminRule = RouterOutputs["notificationRule"]["list"][number];
type Scope = AdminRule["scope"];

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

function Checks({
  legend,
  options,
  chosen,
  onChange,
  error,
}: {
  legend: string;
  options: { value: string; label: string }[];
  chosen: string[];
  onChange: (next: string[]) => void;
  error?: string;
}) {
  return (
    <fieldset className="space-y-1">
      <legend className="text-sm font-medium">{legend}</legend>
      {options.map((o) => (
        <CheckboxField
          key={o.value}
          label={o.label}
          checked={chosen.includes(o.value)}
          onChange={(e) =>
            onChange(e.target.checked ? [...chosen, o.value] : chosen.filter((v) => v !== o.value))
          }
        />
      ))}
      {error ? (
        <p role="alert" className="text-xs font-medium text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

export function RuleForm({
  rule,
  channels,
  onSaved,
  onCancel,
}: {
  rule?: AdminRule;
  channels: { id: string; name: string }[];
  onSaved: (name: string) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const scopes = useQuery(trpc.notificationRule.scopeOptions.queryOptions());
  const [name, setName] = useState(rule?.name ?? "");
  const [events, setEvents] = useState<string[]>(
    rule?.events ?? ["job_completed", "job_failed", "printer_error"],
  );
  const [scope, setScope] = useState<Scope>(rule?.scope ?? "all");
  const [scopeValue, setScopeValue] = useState(rule?.scopeValue ?? "");
  const [channelIds, setChannelIds] = useState<string[]>(rule?.channels.map((c) => c.id) ?? []);
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [quiet, setQuiet] = useState(rule?.quietHours !== null && rule?.quietHours !== undefined);
  const [from, setFrom] = useState(rule?.quietHours?.from ?? "22:00");
  const [to, setTo] = useState(rule?.quietHours?.to ?? "07:00");
  const [timeZone, setTimeZone] = useState(rule?.quietHours?.timeZone ?? browserZone());
  const [bypass, setBypass] = useState<string[]>(rule?.quietHours?.bypass ?? urgentEvents);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const create = useMutation(trpc.notificationRule.create.mutationOptions());
  const update = useMutation(trpc.notificationRule.update.mutationOptions());
  const known = scope === "location" ? scopes.data?.locations : scope === "tag" ? scopes.data?.tags : [];

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    setErrors({});
    const settings = {
      name,
      events: events as RuleEvent[],
      scope,
      scopeValue: scope === "all" ? "" : scopeValue,
      channelIds,
      enabled,
      quietHours: quiet ? { from, to, timeZone, bypass: bypass as RuleEvent[] } : null,
    };
    try {
      if (rule) await update.mutateAsync({ id: rule.id, ...settings });
      else await create.mutateAsync(settings);
      onSaved(name.trim());
    } catch (failure) {
      const fields = fieldErrors(failure);
      setErrors(fields);
      // a field's error is shown at the field; the form's line only for what belongs to none
      setFormError(Object.keys(fields).length ? null : errorMessage(failure));
    }
  }

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="space-y-3"
      aria-label={rule ? `Edit ${rule.name}` : "Add a rule"}
    >
      <TextField
        label="Rule name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={errors.name}
        maxLength={100}
      />
      <Checks
        legend="Events"
        options={Object.entries(eventLabels).map(([value, label]) => ({ value, label }))}
        chosen={events}
        onChange={setEvents}
        error={errors.events}
      />
      <SelectField
        label="Printers"
        value={scope}
        onChange={(e) => {
          setScope(e.target.value as Scope);
          setScopeValue("");
        }}
        options={[
          { value: "all", label: "All printers" },
          { value: "location", label: "Printers in a location (and below it)" },
          { value: "tag", label: "Printers with a tag" },
        ]}
      />
      {scope !== "all" ? (
        known?.length ? (
          <SelectField
            label={scope === "location" ? "Location" : "Tag"}
            value={scopeValue}
            onChange={(e) => setScopeValue(e.target.value)}
            options={[{ value: "", label: "Pick one…" }, ...known.map((v) => ({ value: v, label: v }))]}
            error={errors.scopeValue}
          />
        ) : (
          <TextField
            label={scope === "location" ? "Location" : "Tag"}
            value={scopeValue}
            onChange={(e) => setScopeValue(e.target.value)}
            error={errors.scopeValue}
            hint={`No printer has a ${scope} yet; set them under Admin → Printers, or type one now.`}
          />
        )
      ) : null}
      <Checks
        legend="Send to"
        options={channels.map((c) => ({ value: c.id, label: c.name }))}
        chosen={channelIds}
        onChange={setChannelIds}
        error={errors.channelIds ?? (channels.length ? undefined : "Add a channel first.")}
      />
      <CheckboxField label="Quiet hours" checked={quiet} onChange={(e) => setQuiet(e.target.checked)} />
      {quiet ? (
        <div className="space-y-3 border-l-2 border-slate-200 pl-3 dark:border-slate-700">
          <div className="grid gap-3 sm:grid-cols-3">
            <TextField label="From" type="time" value={from} onChange={(e) => setFrom(e.target.value)} />
            <TextField label="To" type="time" value={to} onChange={(e) => setTo(e.target.value)} />
            <TextField label="Time zone" value={timeZone} onChange={(e) => setTimeZone(e.target.value)} />
          </div>
          {errors.quietHours ? <FormMessage>{errors.quietHours}</FormMessage> : null}
          <p className="text-xs text-muted">
            Messages in quiet hours are held and sent when they end, as one summary per channel.
          </p>
          <Checks
            legend="Send at once even in quiet hours"
            options={urgentEvents.map((e) => ({ value: e, label: eventLabels[e] ?? e }))}
            chosen={bypass}
            onChange={setBypass}
          />
        </div>
      ) : null}
      <CheckboxField label="Enabled" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
      {formError ? <FormMessage>{formError}</FormMessage> : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={create.isPending || update.isPending}>
          {create.isPending || update.isPending ? "Saving…" : rule ? "Save changes" : "Add rule"}
        </Button>
      </div>
    </form>
  );
}
