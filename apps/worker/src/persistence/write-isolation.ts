// Finds the poison in a batch the database refused. The batch is split in halves, left
// half first, until each failing part is a single item; everything else is written in its
// original order. A lone item the database rejects is handed to `reject`; one that times
// out or fails in an unknown way alone is given up on after a few attempts. A transient
// error (the database went away meanwhile) stops the search: what was done stays done,
// the rest is retried later as a whole.
import { classifyWriteError, type ClassifiedWriteError } from "./write-errors";

export interface IsolationDeps<T> {
  write(items: T[]): Promise<void>;
  /** A lone item failed with a non-transient error: true when it must be given up on now. */
  giveUp(item: T, error: ClassifiedWriteError): boolean;
  reject(item: T, error: ClassifiedWriteError): void;
}

export interface IsolationResult {
  /** Items [0, completed) were written or rejected; the rest must be retried. */
  completed: number;
  /** Why the search stopped early, if it did. */
  stopped?: ClassifiedWriteError;
  /** Transactions attempted. */
  attempts: number;
}

export async function isolatePoison<T>(
  items: T[],
  firstError: ClassifiedWriteError,
  deps: IsolationDeps<T>,
): Promise<IsolationResult> {
  const stack: { from: number; to: number; error?: ClassifiedWriteError }[] = [
    { from: 0, to: items.length, error: firstError },
  ];
  let completed = 0;
  let attempts = 0;
  while (stack.length) {
    const { from, to, error: known } = stack.pop()!;
    let error = known;
    if (!error) {
      attempts++;
      try {
        await deps.write(items.slice(from, to));
        completed = to;
        continue;
      } catch (caught) {
        error = classifyWriteError(caught);
      }
    }
    if (error.class === "transient") return { completed, stopped: error, attempts };
    if (to - from === 1) {
      const item = items[from]!;
      if (!deps.giveUp(item, error)) return { completed, stopped: error, attempts };
      deps.reject(item, error);
      completed = to;
      continue;
    }
    const mid = from + Math.ceil((to - from) / 2);
    stack.push({ from: mid, to }, { from, to: mid });
  }
  return { completed, attempts };
}
