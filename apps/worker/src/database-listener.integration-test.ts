// The worker's typed LISTEN side against a real Postgres: decoded payloads reach their handler,
// garbage NOTIFYed on a channel is ignored with one debug line (never a crash), and a cut
// connection comes back and says so, so the worker catches up.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { channels } from "@printernizer/db/channels";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { notify } from "@printernizer/farm/notify";
import { createLogger } from "@printernizer/logger";
import { DatabaseListener } from "./database-listener";

let database: TestDatabase;
let listener: DatabaseListener;
const logLines: { level: number; msg: string; channel?: string }[] = [];
const received: [string, string][] = [];
let resyncs = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean))
        logLines.push(JSON.parse(line) as (typeof logLines)[number]);
      done();
    },
  });
  listener = new DatabaseListener(
    database.url,
    createLogger({ name: "listener-test", level: "debug", destination }),
  )
    .on("printersChanged", (printerId) => received.push(["printersChanged", printerId]))
    .on("commandRequested", (commandId) => received.push(["commandRequested", commandId]))
    .onMaybeMissed(() => resyncs++);
  await listener.start();
});
afterAll(async () => {
  await listener?.stop();
  await database?.drop();
});

const debugLines = () =>
  logLines.filter((l) => l.level === 20 && l.msg === "ignored a notification that is not ours");

describe("DatabaseListener", () => {
  it("hands decoded payloads to their handler and ignores garbage with one debug line each", async () => {
    await database.db.$executeRaw`SELECT pg_notify(${channels.commandRequested}, '')`;
    await database.db.$executeRaw`SELECT pg_notify(${channels.printersChanged}, ${"x".repeat(5_000)})`;
    await notify(database.db, "commandRequested", "cmd_1");
    const printer = await database.db.printer.create({
      data: { kind: "prusalink", name: "Trigger", host: "10.0.0.5", credentials: "x" },
    });
    await vi.waitFor(() =>
      expect(received).toEqual([
        ["commandRequested", "cmd_1"],
        ["printersChanged", printer.id],
      ]),
    );
    expect(debugLines().map((l) => l.channel)).toEqual([channels.commandRequested, channels.printersChanged]);
  });

  it("reconnects after its backend is terminated, runs the catch-up, and receives the next notification", async () => {
    const [row] = await database.db.$queryRaw<
      { ok: boolean }[]
    >`SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = 'printernizer-worker' AND datname = current_database()`;
    expect(row?.ok).toBe(true);
    await vi.waitFor(() => expect(resyncs).toBe(1), { timeout: 10_000 });
    expect(logLines.some((l) => l.level === 40 && l.msg === "LISTEN connection lost; reconnecting")).toBe(
      true,
    );
    await notify(database.db, "commandRequested", "cmd_2");
    await vi.waitFor(() => expect(received.at(-1)).toEqual(["commandRequested", "cmd_2"]));
  });
});
