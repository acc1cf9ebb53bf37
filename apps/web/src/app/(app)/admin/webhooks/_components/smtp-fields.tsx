"use client";
// The SMTP part of an email channel: server, port, TLS mode, login, sender and recipients.
import type { RouterInputs, RouterOutputs } from "@printernizer/api";
import { SelectField, TextField } from "@printernizer/ui/form-field";

type SmtpView = NonNullable<RouterOutputs["webhook"]["list"][number]["smtp"]>;
type SmtpInput = NonNullable<RouterInputs["webhook"]["create"]["smtp"]>;
type TlsMode = SmtpView["tls"];

export interface SmtpDraft {
  host: string;
  port: string;
  tls: TlsMode;
  user: string;
  password: string;
  from: string;
  to: string;
}

const tlsLabels: Record<TlsMode, string> = {
  starttls: "STARTTLS (usually port 587)",
  tls: "TLS from the start (usually port 465)",
  none: "None (only inside a trusted network)",
};

export function smtpFromView(view: SmtpView | null): SmtpDraft {
  return {
    host: view?.host ?? "",
    port: String(view?.port ?? 587),
    tls: view?.tls ?? "starttls",
    user: view?.user ?? "",
    password: "",
    from: view?.from ?? "",
    to: view?.to.join(", ") ?? "",
  };
}

export function toSmtpInput(draft: SmtpDraft): SmtpInput {
  return {
    host: draft.host.trim(),
    port: Number(draft.port),
    tls: draft.tls,
    user: draft.user.trim(),
    password: draft.password,
    from: draft.from.trim(),
    to: draft.to
      .split(/[,;\s]+/)
      .map((a) => a.trim())
      .filter(Boolean),
  };
}

export function SmtpFields({
  value,
  onChange,
  error,
  hasPassword,
}: {
  value: SmtpDraft;
  onChange: (next: SmtpDraft) => void;
  error?: string;
  hasPassword?: boolean;
}) {
  const set = (key: keyof SmtpDraft) => (e: { target: { value: string } }) =>
    onChange({ ...value, [key]: e.target.value });
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-medium">Mail server</legend>
      <div className="grid gap-3 sm:grid-cols-[1fr_7rem]">
        <TextField
          label="SMTP server"
          value={value.host}
          onChange={set("host")}
          placeholder="smtp.example.org"
        />
        <TextField label="Port" inputMode="numeric" value={value.port} onChange={set("port")} />
      </div>
      <SelectField
        label="Encryption"
        value={value.tls}
        onChange={set("tls")}
        options={Object.entries(tlsLabels).map(([v, label]) => ({ value: v, label }))}
      />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label="User name" value={value.user} onChange={set("user")} autoComplete="off" />
        <TextField
          label="Password"
          type="password"
          value={value.password}
          onChange={set("password")}
          autoComplete="new-password"
          hint={hasPassword ? "Stored and hidden. Leave empty to keep it." : "Kept encrypted."}
        />
      </div>
      <TextField
        label="From"
        type="email"
        value={value.from}
        onChange={set("from")}
        placeholder="farm@example.org"
      />
      <TextField
        label="To"
        value={value.to}
        onChange={set("to")}
        placeholder="night-shift@example.org, lead@example.org"
        hint="One or more addresses, separated by commas."
      />
      {error ? (
        <p role="alert" className="text-xs font-medium text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
