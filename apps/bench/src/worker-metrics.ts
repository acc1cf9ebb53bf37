// Reads the worker's Prometheus counters (apps/worker/src/metrics.ts) from its /metrics route.

export interface WorkerCounters {
  /** Adapter events received (printernizer_reports_total). */
  events: number;
  /** Rows written by the persistence pipeline (write batch size sum) and batches (transactions). */
  rowsWritten: number;
  batches: number;
  telemetryDropped: number;
  criticalDropped: number;
  connected: number;
}

function value(text: string, name: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : 0;
}

export async function readWorkerCounters(healthUrl: string): Promise<WorkerCounters> {
  const response = await fetch(`${healthUrl}/metrics`);
  if (!response.ok) throw new Error(`worker /metrics answered HTTP ${response.status}`);
  const text = await response.text();
  return {
    events: value(text, "printernizer_reports_total"),
    rowsWritten: value(text, "printernizer_write_batch_size_sum"),
    batches: value(text, "printernizer_write_batch_size_count"),
    telemetryDropped: value(text, "printernizer_telemetry_dropped"),
    criticalDropped: value(text, "printernizer_critical_dropped"),
    connected: value(text, "printernizer_printers_connected"),
  };
}
