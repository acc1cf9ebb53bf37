import { describe, expect, it } from "vitest";
import type { Db } from "@printernizer/db";
import type { PrinterEvent } from "@printernizer/printers";
import { OfflineNotifier } from "./offline-notifier";

function setup(lastEventType?: string) {
  let now = Date.parse("2026-11-30T14:02:00Z");
  const recorded: { type: string; payload: object; at: Date }[] = [];
  // Only the one query attach() makes: each printer's last offline/online event.
  const db = {
    $queryRaw: async () => (lastEventType ? [{ printerId: "p1", type: lastEventType }] : []),
  } as unknown as Db;
  const notifier = new OfflineNotifier({
    db,
    graceMs: 60_000,
    now: () => now,
    record: (_printerId, type, payload, at) => recorded.push({ type, payload, at }),
  });
  const see = (event: PrinterEvent) => notifier.observe({ printerId: "p1", at: new Date(now), event });
  const advance = (ms: number) => {
    now += ms;
    notifier.check();
  };
  return { notifier, recorded, see, advance };
}

const refused = {
  type: "printer_connection_failed",
  error: { kind: "connection", message: "The printer did not answer at 192.168.1.40 (connection refused)." },
  attempt: 0,
  retryInMs: 2_000,
} as const;

describe("offline notifications", () => {
  it("sends printer_offline once after the grace, and printer_online when it answers again", async () => {
    const { notifier, recorded, see, advance } = setup();
    await notifier.attach("p1");
    see({ type: "printer_connected" });
    see(refused);
    advance(59_000);
    expect(recorded).toEqual([]);
    advance(1_000);
    expect(recorded).toEqual([
      {
        type: "printer_offline",
        payload: {
          since: "2026-11-30T14:02:00.000Z",
          message: "The printer did not answer at 192.168.1.40 (connection refused).",
          kind: "connection",
        },
        at: new Date("2026-11-30T14:03:00Z"),
      },
    ]);
    advance(600_000);
    expect(recorded).toHaveLength(1);
    see({ type: "printer_connected" });
    expect(recorded[1]).toMatchObject({ type: "printer_online", payload: { offlineSeconds: 660 } });
  });

  it("says nothing for a printer back within the grace", async () => {
    const { notifier, recorded, see, advance } = setup();
    await notifier.attach("p1");
    see({
      type: "printer_connection_lost",
      reason: "The connection to the printer at 192.168.1.40 was lost.",
    });
    advance(30_000);
    see({ type: "printer_connected" });
    advance(120_000);
    expect(recorded).toEqual([]);
  });

  it("after a worker restart: no second offline, and back online because the offline one was sent", async () => {
    const { notifier, recorded, see, advance } = setup("printer_offline");
    await notifier.attach("p1");
    see(refused);
    advance(300_000);
    expect(recorded).toEqual([]);
    see({ type: "printer_connected" });
    expect(recorded.map((r) => r.type)).toEqual(["printer_online"]);
  });

  it("counts a refused login as offline too, with its kind", async () => {
    const { notifier, recorded, see, advance } = setup("printer_online");
    await notifier.attach("p1");
    see({ type: "printer_auth_error", message: "The printer at 192.168.1.40 refused the access code." });
    advance(60_000);
    expect(recorded[0]).toMatchObject({ type: "printer_offline", payload: { kind: "authentication" } });
  });

  it("forgets a printer it no longer owns", async () => {
    const { notifier, recorded, see, advance } = setup();
    await notifier.attach("p1");
    see(refused);
    notifier.detach("p1");
    advance(120_000);
    expect(recorded).toEqual([]);
  });
});
