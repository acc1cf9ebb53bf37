// One readable line from a stored event payload (its shape depends on the event type). Raw
// socket errors in older events ("connect ECONNREFUSED …") are said in words.
import { withoutSystemErrors } from "@printernizer/farm/reachability";

interface Payload {
  message?: unknown;
  reason?: unknown;
  error?: { kind?: unknown; message?: unknown };
  job?: { name?: unknown; displayName?: unknown; progress?: unknown };
  errors?: { code?: unknown; message?: unknown }[];
  status?: { state?: unknown };
  previousState?: unknown;
  identity?: { model?: unknown; firmware?: unknown };
  /** printer_online: how long the printer had been unreachable. */
  offlineSeconds?: unknown;
}

const text = (value: unknown) =>
  typeof value === "string" || typeof value === "number" ? String(value) : undefined;

/** "back online after 3 min" from printer_online's offlineSeconds. */
function backOnline(seconds: unknown): string | undefined {
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0) return undefined;
  if (seconds < 120) return `back online after ${Math.round(seconds)} s`;
  if (seconds < 7_200) return `back online after ${Math.round(seconds / 60)} min`;
  return `back online after ${Math.round(seconds / 3_600)} h`;
}

const words = (value: string | undefined) =>
  value === undefined ? undefined : (withoutSystemErrors(value) ?? "the connection failed");

export function describeEvent(payload: unknown): string {
  if (!payload || typeof payload !== "object") return "";
  const p = payload as Payload;
  const firstError = p.errors?.[0];
  const parts = [
    words(text(p.message)),
    text(p.reason),
    p.error ? [text(p.error.kind), words(text(p.error.message))].filter(Boolean).join(": ") : undefined,
    p.job ? (text(p.job.displayName) ?? text(p.job.name)) : undefined,
    firstError
      ? [text(firstError.message), firstError.code ? `(${text(firstError.code)})` : undefined]
          .filter(Boolean)
          .join(" ")
      : undefined,
    p.status?.state ? `${text(p.previousState) ?? "?"} → ${text(p.status.state)}` : undefined,
    p.identity
      ? [text(p.identity.model), text(p.identity.firmware)].filter(Boolean).join(", firmware ")
      : undefined,
    backOnline(p.offlineSeconds),
  ].filter((part): part is string => !!part);
  if (parts.length) return parts.join(" · ");
  const json = JSON.stringify(payload);
  return json === "{}" ? "" : json.length > 160 ? `${json.slice(0, 157)}…` : json;
}
