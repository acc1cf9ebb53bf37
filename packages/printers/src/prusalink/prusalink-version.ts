// Which API a printer speaks, from GET /api/version. Buddy and Prusa-Link ≥ 0.7.2 report
// "api":"2.0.0" and serve the v1 endpoints; Prusa-Link 0.7.0 reported "0.9.0-legacy" and is
// driven through the OctoPrint-style endpoints.
import type { VersionPayload } from "./prusalink-schemas";

export type PrusaLinkApi = "v1" | "legacy";

export function selectApi(version: VersionPayload): PrusaLinkApi | "unsupported" {
  const api = version.api;
  if (!api) return "unsupported";
  const match = /^(\d+)\.(\d+)/.exec(api);
  if (!match) return "unsupported";
  const major = Number(match[1]);
  const minor = Number(match[2]);
  if (api.includes("legacy")) return major > 0 || minor >= 9 ? "legacy" : "unsupported";
  if (major >= 2) return "v1";
  if (major === 1 || (major === 0 && minor >= 9)) return "legacy";
  return "unsupported";
}
