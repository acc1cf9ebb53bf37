// The temperature chart's time range.

/** A fresh printer's few minutes of samples are drawn across the chart, not as a sliver at its right edge. */
export const minimumSpanMs = 10 * 60_000;

/** The range shown: the last `hours`, or from shortly before the first sample when there is less. */
export function chartWindow(firstSampleAt: number, to: number, hours: number): { from: number; to: number } {
  const rangeFrom = to - hours * 3_600_000;
  if (firstSampleAt <= rangeFrom) return { from: rangeFrom, to };
  const fitted = firstSampleAt - Math.max(60_000, (to - firstSampleAt) * 0.05);
  return { from: Math.max(rangeFrom, Math.min(fitted, to - minimumSpanMs)), to };
}
