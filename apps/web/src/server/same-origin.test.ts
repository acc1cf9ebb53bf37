import { describe, expect, it } from "vitest";
import { rejectCrossSite } from "./same-origin";

const url = "http://127.0.0.1:3000/api/trpc/printer.update";
const post = (headers: Record<string, string>) => new Request(url, { method: "POST", headers, body: "{}" });

describe("rejectCrossSite", () => {
  it("lets a same-origin JSON POST through", () => {
    expect(
      rejectCrossSite(
        post({
          "content-type": "application/json",
          origin: "http://127.0.0.1:3000",
          "sec-fetch-site": "same-origin",
        }),
      ),
    ).toBeNull();
  });
  it("accepts the origin a reverse proxy forwards as the host", () => {
    expect(
      rejectCrossSite(
        post({
          "content-type": "application/json",
          origin: "https://farm.example.org",
          "x-forwarded-host": "farm.example.org",
        }),
      ),
    ).toBeNull();
  });
  it("refuses a POST from another origin", async () => {
    const response = rejectCrossSite(
      post({ "content-type": "application/json", origin: "http://evil.example" }),
    );
    expect(response?.status).toBe(403);
    expect(((await response?.json()) as { message: string }).message).toMatch(/own pages/);
  });
  it("refuses a cross-site POST even without Origin", () => {
    expect(
      rejectCrossSite(post({ "content-type": "application/json", "sec-fetch-site": "cross-site" }))?.status,
    ).toBe(403);
  });
  it("refuses form posts (not JSON)", () => {
    expect(
      rejectCrossSite(
        post({ "content-type": "application/x-www-form-urlencoded", origin: "http://127.0.0.1:3000" }),
      )?.status,
    ).toBe(415);
    expect(
      rejectCrossSite(post({ "content-type": "text/plain", origin: "http://127.0.0.1:3000" }))?.status,
    ).toBe(415);
  });
  it("leaves GET requests alone", () => {
    expect(rejectCrossSite(new Request(url, { headers: { origin: "http://evil.example" } }))).toBeNull();
  });
});
