import { describe, expect, it } from "vitest";
import { bodyLimits, readJsonBody, readLimitedBody } from "./request-body";

const url = "http://127.0.0.1:3000/api/auth/sign-in/email";

/** A body streamed in chunks without Content-Length, counting how much of it was pulled. */
function streamingRequest(chunkSize: number, chunks: number) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= chunks) return controller.close();
      pulled++;
      controller.enqueue(new Uint8Array(chunkSize).fill(0x20));
    },
  });
  const request = new Request(url, {
    method: "POST",
    body,
    headers: { "content-type": "application/json" },
    duplex: "half",
  } as RequestInit);
  return { request, pulled: () => pulled };
}

describe("readLimitedBody", () => {
  it("refuses a declared Content-Length over the limit with 413 before reading anything", async () => {
    const { request, pulled } = streamingRequest(1024, 10_000);
    const declared = new Request(request, { headers: { "content-length": String(150 * 1024 * 1024) } });
    const result = await readLimitedBody(declared, bodyLimits.json);
    expect("response" in result && result.response.status).toBe(413);
    expect("response" in result && (await result.response.json())).toEqual({
      message: "The request is too large: at most 1024 KiB.",
    });
    expect(pulled()).toBeLessThanOrEqual(2); // the stream's own read-ahead, nothing consumed
  });

  it("stops a streamed body (no Content-Length) as soon as it passes the limit", async () => {
    const { request, pulled } = streamingRequest(4096, 10_000); // would be 40 MB
    const result = await readLimitedBody(request, bodyLimits.anonymous);
    expect("response" in result && result.response.status).toBe(413);
    expect(pulled()).toBeLessThanOrEqual(bodyLimits.anonymous / 4096 + 2);
  });

  it("reads a body within the limit whole", async () => {
    const { request } = streamingRequest(1000, 5);
    const result = await readLimitedBody(request, bodyLimits.anonymous);
    expect("bytes" in result && result.bytes.byteLength).toBe(5000);
  });

  it("refuses a nonsense Content-Length with 400", async () => {
    const request = new Request(url, { method: "POST", body: "{}", headers: { "content-length": "-5" } });
    const result = await readLimitedBody(request, bodyLimits.json);
    expect("response" in result && result.response.status).toBe(400);
  });
});

describe("readJsonBody", () => {
  const post = (body: string) =>
    new Request(url, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", origin: "http://127.0.0.1:3000" },
    });

  it("passes a clean JSON body on as a fresh request with the same headers and bytes", async () => {
    const result = await readJsonBody(
      post(JSON.stringify({ email: "a@example.com", password: "x" })),
      bodyLimits.anonymous,
    );
    if ("response" in result) throw new Error(`refused: ${result.response.status}`);
    expect(result.json).toEqual({ email: "a@example.com", password: "x" });
    expect(result.request.headers.get("origin")).toBe("http://127.0.0.1:3000");
    expect(await result.request.json()).toEqual({ email: "a@example.com", password: "x" });
  });

  it.each([
    [JSON.stringify({ email: "a\u0000@example.com" }), /NUL characters \(at email\)/],
    [JSON.stringify({ name: "x\uD800" }), /lone surrogate/],
    ["{not json", /not valid JSON/],
  ])("refuses %s with 400 and a clear message", async (body, message) => {
    const result = await readJsonBody(post(body), bodyLimits.anonymous);
    if (!("response" in result)) throw new Error("accepted");
    expect(result.response.status).toBe(400);
    expect(((await result.response.json()) as { message: string }).message).toMatch(message);
  });
});
