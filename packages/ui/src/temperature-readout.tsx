export interface TemperatureValue {
  current?: number;
  target?: number;
}

/** "Nozzle 214° / 215°" with the target only when heating is on. */
export function TemperatureReadout({ label, value }: { label: string; value?: TemperatureValue }) {
  if (!value || value.current === undefined) return null;
  const heating = value.target !== undefined && value.target > 0;
  return (
    <span className="whitespace-nowrap tabular-nums" title={`${label} temperature`}>
      <span className="text-muted">{label} </span>
      {Math.round(value.current)}°
      {heating ? <span className="text-muted"> / {Math.round(value.target!)}°</span> : null}
    </span>
  );
}
