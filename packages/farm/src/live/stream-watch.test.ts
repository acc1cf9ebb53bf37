import { describe, expect, it } from "vitest";
import { StreamWatch } from "./stream-watch";

describe("StreamWatch", () => {
  it("ends only the streams whose grant stopped standing, with the reason", async () => {
    const revoked = new Set<string>();
    const watch = new StreamWatch<string>(
      async (grants) => grants.map((g) => (revoked.has(g) ? `${g} revoked` : null)),
      60_000,
    );
    const a = watch.watch("a");
    const b = watch.watch("b");
    await watch.check();
    expect([a.signal.aborted, b.signal.aborted]).toEqual([false, false]);
    revoked.add("a");
    await watch.check();
    expect(a.signal.aborted).toBe(true);
    expect((a.signal.reason as Error).message).toBe("a revoked");
    expect(b.signal.aborted).toBe(false);
    b.stop();
  });

  it("keeps the streams when the check itself fails (database away)", async () => {
    const watch = new StreamWatch<string>(() => Promise.reject(new Error("down")), 60_000);
    const a = watch.watch("a");
    await watch.check();
    expect(a.signal.aborted).toBe(false);
    a.stop();
  });
});
