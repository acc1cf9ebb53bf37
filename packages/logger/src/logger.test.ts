import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./index";

describe("logger", () => {
  it("redacts secrets by key name at any of the first levels", async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(chunk.toString());
        cb();
      },
    });
    const logger = createLogger({ name: "t", destination });
    logger.info({ password: "p1", printer: { accessCode: "a1", host: "h" }, config: { nested: { apiKey: "k1" } } }, "hello");
    await new Promise((r) => setImmediate(r));
    const text = lines.join("");
    expect(text).toContain('"host":"h"');
    for (const secret of ["p1", "a1", "k1"]) expect(text).not.toContain(secret);
  });
});
