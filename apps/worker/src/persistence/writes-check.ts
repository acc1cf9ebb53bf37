// The "writes" check of the worker's /health: not ok when a queued write has waited past
// PRINTERNIZER_WRITE_STALL_MS, with the reason and what to look at.
import type { PersistencePipeline } from "./persistence-pipeline";

export function writesCheck(
  pipeline: PersistencePipeline | undefined,
  now = Date.now(),
): { ok: boolean; detail: Record<string, unknown> } {
  if (!pipeline) return { ok: true, detail: { queued: 0 } };
  const health = pipeline.writeHealth(now);
  const stats = pipeline.stats();
  const detail: Record<string, unknown> = {
    queued: stats.queued,
    oldestPendingAt: health.oldestPendingAt?.toISOString() ?? null,
    lastCommitAt: health.lastCommitAt?.toISOString() ?? null,
    rejected: stats.rejected,
  };
  if (!health.stalled) return { ok: true, detail };
  const waited = Math.round((now - health.oldestPendingAt!.getTime()) / 1000);
  detail.reason = `the oldest queued write has waited ${waited} s without committing (threshold ${Math.round(health.thresholdMs / 1000)} s); see the worker log`;
  return { ok: false, detail };
}
