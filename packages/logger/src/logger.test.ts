import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, redactUrl, redactUrlsIn } from "./index";

/** A logger writing into memory, and the text it wrote once pending writes are flushed. */
function capturedLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  const text = async () => {
    await new Promise((r) => setImmediate(r));
    return lines.join("");
  };
  return { logger: createLogger({ name: "t", destination }), text };
}

describe("logger", () => {
  it("redacts secrets by key name at any of the first levels", async () => {
    const { logger, text } = capturedLogger();
    logger.info(
      { password: "p1", printer: { accessCode: "a1", host: "h" }, config: { nested: { apiKey: "k1" } } },
      "hello",
    );
    const written = await text();
    expect(written).toContain('"host":"h"');
    for (const secret of ["p1", "a1", "k1"]) expect(written).not.toContain(secret);
  });

  it("redacts user info and query strings of URLs inside logged errors", async () => {
    const { logger, text } = capturedLogger();
    logger.warn(
      { err: new TypeError("fetch failed for https://bob:hunter2@hooks.example.org/a?token=t0k3n") },
      "send failed",
    );
    const written = await text();
    expect(written).toContain("https://[redacted]@hooks.example.org/a?[redacted]");
    for (const secret of ["hunter2", "t0k3n", "bob"]) expect(written).not.toContain(secret);
  });
});

describe("redactUrl", () => {
  it("keeps scheme, host, port and path; hides user info, query and fragment", () => {
    expect(redactUrl("https://user:pass@ntfy.example.org:8443/farm?auth=abc#x")).toBe(
      "https://[redacted]@ntfy.example.org:8443/farm?[redacted]",
    );
    expect(redactUrl("http://192.168.1.5/hook")).toBe("http://192.168.1.5/hook");
    expect(redactUrl("not a url")).toBe("not a url");
    expect(redactUrlsIn('connect to "http://a:b@h/x?y=1" failed')).toBe(
      'connect to "http://[redacted]@h/x?[redacted]" failed',
    );
  });
});
