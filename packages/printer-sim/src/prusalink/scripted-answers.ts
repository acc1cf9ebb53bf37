// Scripted answers for poison and fuzz tests: "answer the next N requests to this path with
// exactly these bytes", whatever the printer's real state. Checked after authentication (a real
// client still has to log in), before the normal routes. Bodies are sent as given: a string or
// Buffer as is (invalid JSON, NUL bytes, truncated documents), anything else as JSON.
import type { ServerResponse } from "node:http";

export interface ScriptedAnswer {
  /** HTTP status (default 200). */
  status?: number;
  body: string | Buffer | unknown;
  /** Default application/json. */
  contentType?: string;
}

export class ScriptedAnswers {
  private readonly queues = new Map<string, ScriptedAnswer[]>();

  /** Queues `answers` (or `count` copies of one answer) for `path` (no query, e.g. "/api/v1/status"). */
  add(path: string, answers: ScriptedAnswer | readonly ScriptedAnswer[], count = 1): void {
    const queue = this.queues.get(path) ?? [];
    if (Array.isArray(answers)) queue.push(...(answers as readonly ScriptedAnswer[]));
    else for (let i = 0; i < count; i++) queue.push(answers as ScriptedAnswer);
    this.queues.set(path, queue);
  }

  /** Answers still queued, for one path or all. */
  pending(path?: string): number {
    if (path !== undefined) return this.queues.get(path)?.length ?? 0;
    let total = 0;
    for (const queue of this.queues.values()) total += queue.length;
    return total;
  }

  clear(): void {
    this.queues.clear();
  }

  /** Sends the next scripted answer for `path`, if any; true when it did. */
  answer(path: string, res: ServerResponse): boolean {
    const answer = this.queues.get(path)?.shift();
    if (!answer) return false;
    const body =
      typeof answer.body === "string" || Buffer.isBuffer(answer.body)
        ? answer.body
        : JSON.stringify(answer.body);
    res
      .writeHead(answer.status ?? 200, { "content-type": answer.contentType ?? "application/json" })
      .end(body);
    return true;
  }
}
