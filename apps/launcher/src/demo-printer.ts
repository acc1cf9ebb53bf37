// What the launcher holds for each running demo printer (PrusaLink in demo-farm.ts, Bambu in
// demo-bambu.ts): its name for the log and how to stop its simulator.
export interface DemoPrinter {
  name: string;
  stop(): Promise<void>;
}
