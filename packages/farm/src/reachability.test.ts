import { describe, expect, it } from "vitest";
import {
  isRawSystemError,
  isUnreachable,
  needsNewCredentials,
  reachabilityOf,
  readableConnectionError,
  withoutSystemErrors,
} from "./reachability";

const host = "192.168.1.40";

describe("readableConnectionError: what a person reads about a printer that cannot be reached", () => {
  it("keeps the worker's sentence as it is", () => {
    const sentence = "The printer did not answer at 192.168.1.40 (connection refused).";
    expect(readableConnectionError({ kind: "connection", message: sentence }, host)).toBe(sentence);
    const refused = "The printer at 192.168.1.40 refused the access code.";
    expect(readableConnectionError({ kind: "authentication", message: refused }, host)).toBe(refused);
  });

  it.each([
    ["connect ECONNREFUSED 192.168.1.40:8883", "connection", " (connection refused)"],
    ["GET /api/v1/status: fetch failed (ECONNREFUSED)", "connection", " (connection refused)"],
    ["connect EHOSTUNREACH 192.168.1.40:80", "connection", " (no route to the printer)"],
    ["getaddrinfo ENOTFOUND printer.local", "connection", " (the name could not be resolved)"],
    ["read ECONNRESET", "connection", " (the connection was reset)"],
    ["connect ETIMEDOUT 192.168.1.40:990", "connection", " (timed out)"],
    ["socket hang up", "timeout", " (timed out)"],
    ["fetch failed", "connection", ""],
    ["", "connection", ""],
  ])("replaces raw %j with a sentence naming the host", (message, kind, words) => {
    const text = readableConnectionError({ kind, message }, host);
    expect(text).toBe(`The printer did not answer at ${host}${words}.`);
    expect(isRawSystemError(text)).toBe(false);
  });

  it("says a refused login in words when the stored text is raw", () => {
    expect(readableConnectionError({ kind: "authentication", message: "connect ECONNRESET" }, host)).toBe(
      "The printer at 192.168.1.40 refused the login.",
    );
  });

  it("tells raw system text from sentences", () => {
    expect(isRawSystemError("connect ECONNREFUSED 127.0.0.1:8080")).toBe(true);
    expect(isRawSystemError("UND_ERR_CONNECT_TIMEOUT")).toBe(true);
    expect(isRawSystemError("The printer refused the password.")).toBe(false);
    expect(isRawSystemError("Filament runout")).toBe(false);
  });
});

describe("withoutSystemErrors: a connection test's quote without the socket's words", () => {
  it("cuts the raw part off and says it in words", () => {
    expect(
      withoutSystemErrors(
        "Could not connect to the printer. (GET /api/version: connect ECONNREFUSED 127.0.1.238:9 (ECONNREFUSED))",
      ),
    ).toBe("Could not connect to the printer (connection refused).");
    expect(withoutSystemErrors("cannot reach 10.0.0.9:990: connect EHOSTUNREACH 10.0.0.9:990")).toBe(
      "cannot reach 10.0.0.9:990 (no route to the printer).",
    );
  });
  it("keeps a sentence, and gives up on nothing but raw text", () => {
    expect(withoutSystemErrors("The printer refused the password.")).toBe(
      "The printer refused the password.",
    );
    expect(withoutSystemErrors("connect ECONNREFUSED 1.2.3.4:80")).toBeNull();
  });
});

describe("offline and needs-new-credentials", () => {
  const refused = { kind: "authentication", message: "The printer refused the access code." };
  it("a printer not connected and offline or never heard from is unreachable; disabled or connected is not", () => {
    expect(isUnreachable({ state: "offline", connected: false })).toBe(true);
    expect(isUnreachable({ state: "unknown", connected: false })).toBe(true);
    expect(isUnreachable({ state: "disabled", connected: false })).toBe(false);
    expect(isUnreachable({ state: "idle", connected: true })).toBe(false);
  });

  it("needs new credentials only while the last failure is a refused login and it is not connected", () => {
    expect(needsNewCredentials({ state: "offline", connected: false, lastError: refused })).toBe(true);
    expect(needsNewCredentials({ state: "idle", connected: true, lastError: refused })).toBe(false);
    expect(needsNewCredentials({ state: "disabled", connected: false, lastError: refused })).toBe(false);
    expect(
      needsNewCredentials({
        state: "offline",
        connected: false,
        lastError: { kind: "connection", message: "x" },
      }),
    ).toBe(false);
  });
});

describe("reachabilityOf: the card's offline line", () => {
  const since = new Date("2026-11-30T14:02:00Z");
  const base = { host, stateChangedAt: since };
  it("offline since the state change, with the sentence", () => {
    expect(
      reachabilityOf({
        ...base,
        state: "offline",
        connected: false,
        lastError: { kind: "connection", message: "connect ECONNREFUSED 192.168.1.40:8883" },
      }),
    ).toEqual({
      status: "offline",
      since,
      message: "The printer did not answer at 192.168.1.40 (connection refused).",
    });
    expect(reachabilityOf({ ...base, state: "offline", connected: false, lastError: null })).toEqual({
      status: "offline",
      since,
      message: "The printer did not answer at 192.168.1.40.",
    });
  });

  it("needs new credentials after a refused login", () => {
    const lastError = {
      kind: "authentication",
      message: "The printer at 192.168.1.40 refused the access code.",
    };
    expect(reachabilityOf({ ...base, state: "offline", connected: false, lastError })).toEqual({
      status: "credentials",
      since,
      message: lastError.message,
    });
  });

  it("says nothing while connected, disabled, or before the first report", () => {
    const lastError = { kind: "connection", message: "x" };
    expect(reachabilityOf({ ...base, state: "idle", connected: true, lastError: null })).toBeNull();
    expect(reachabilityOf({ ...base, state: "disabled", connected: false, lastError })).toBeNull();
    expect(reachabilityOf({ ...base, state: "unknown", connected: false, lastError: null })).toBeNull();
    expect(reachabilityOf({ ...base, state: "unknown", connected: false, lastError })).toMatchObject({
      status: "offline",
      since: null,
    });
  });
});
