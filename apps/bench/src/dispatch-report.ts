// The dispatch scenario's table: its parameters, then one column per round.
import type { DispatchResult } from "./dispatch-bench";
import type { RoundFigures } from "./dispatch-round";

const seconds = (s: number | null) => (s === null ? "never (time bound)" : `${s} s`);

export function formatDispatchResult(r: DispatchResult): string {
  const p = r.parameters;
  const rows: [string, (f: RoundFigures) => string][] = [
    ["first job on every printer", (f) => `${f.firstJobSeconds} s`],
    ["file already on the printer at its end", (f) => `${f.stagedAtFirstJobEnd} of ${f.entries}`],
    ["first job end → first entry printing", (f) => seconds(f.firstPrintingSeconds)],
    ["first job end → all entries printing", (f) => seconds(f.allPrintingSeconds)],
    ["entries printing at the end", (f) => `${f.printing} of ${f.entries}`],
    ["failed starts (went back to the queue)", (f) => String(f.failedStarts)],
    ["uploads at once (peak / mean)", (f) => `${f.parallelUploadsPeak} / ${f.parallelUploadsMean}`],
    ["first upload → last stored", (f) => seconds(f.uploadWindowSeconds)],
    ["worker RSS (peak / mean)", (f) => `${f.workerRssPeakMiB} / ${f.workerRssMeanMiB} MiB`],
    ["worker CPU (mean)", (f) => `${f.workerCpuCores} cores`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const col = 24;
  const lines = [
    `dispatch scenario, ${r.startedAt}: ${p.printers} simulated Bambu X1C printers, ${p.entries} queue entries of one ` +
      `${(p.fileBytes / 1e6).toFixed(1)} MB .gcode.3mf, SD write ${(p.uploadBytesPerSecond / 1024).toFixed(0)} KiB/s, ` +
      `${p.parallelUploads} uploads per worker at once, ${p.maxHeating} printers heating at once, simulator time ×${p.timeScale} ` +
      `(PREPARE ${Math.round(30 / p.timeScale)} s), one worker`,
    `machine: ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGiB} GiB, node ${r.machine.node}, load ${r.machine.loadAverage.join(" / ")} at the end; setup: simulators ${r.setup.simulatorsSeconds} s, connect ${r.setup.connectSeconds} s`,
    "",
    `${"".padEnd(width)}  ${"without pre-staging".padEnd(col)}with pre-staging`,
    ...rows.map(
      ([label, cell]) =>
        `${label.padEnd(width)}  ${cell(r.withoutPrestaging).padEnd(col)}${cell(r.withPrestaging)}`,
    ),
  ];
  return lines.join("\n");
}
