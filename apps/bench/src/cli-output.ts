// What the command line does with a run's output: child process lines only when verbose, and
// the figures as a JSON file (its folder made first).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

export const childLogOf = (verbose: boolean) =>
  verbose ? (line: string) => void process.stderr.write(`${line}\n`) : () => {};

export function writeFigures(file: string | undefined, figures: unknown, say: (line: string) => void): void {
  if (!file) return;
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
  say(`figures written to ${file}`);
}
