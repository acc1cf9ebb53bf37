import { describe, expect, it } from "vitest";
import { errorCodeWords, errorCodeWordsIn, rawSocketTextAt } from "./connection-words";

describe("error codes in words", () => {
  it("knows socket, undici and TLS codes, and nothing else", () => {
    expect(errorCodeWords("ECONNREFUSED")).toBe("connection refused");
    expect(errorCodeWords("UND_ERR_HEADERS_TIMEOUT")).toBe("timed out");
    expect(errorCodeWords("ERR_SSL_DECRYPTION_FAILED")).toBe("TLS failure");
    expect(errorCodeWords("EWHATEVER")).toBeUndefined();
    expect(errorCodeWords("toString")).toBeUndefined();
  });

  it("finds the first known code in a stored raw text", () => {
    expect(errorCodeWordsIn("connect ECONNREFUSED 192.168.1.40:8883")).toBe("connection refused");
    expect(errorCodeWordsIn("getaddrinfo ENOTFOUND printer.local")).toBe("the name could not be resolved");
    expect(errorCodeWordsIn("GET /api/v1/status: EWHATEVER then ECONNRESET")).toBe(
      "the connection was reset",
    );
    expect(errorCodeWordsIn("fetch failed")).toBeUndefined();
    expect(errorCodeWordsIn("The printer refused the password.")).toBeUndefined();
  });

  it("finds where raw socket text starts, and none in a sentence", () => {
    const quoted = "Could not connect. (GET /api/version: connect ECONNREFUSED 1.2.3.4:80)";
    expect(rawSocketTextAt(quoted)).toBe(quoted.indexOf("connect ECONNREFUSED"));
    expect(rawSocketTextAt("cannot reach printer.local: getaddrinfo EAI_AGAIN printer.local")).toBe(28);
    for (const raw of ["UND_ERR_SOCKET", "TypeError: fetch failed", "socket hang up", "read EWHATEVER"])
      expect(rawSocketTextAt(raw)).toBeGreaterThanOrEqual(0);
    expect(rawSocketTextAt("The printer did not answer at 192.168.1.40 (connection refused).")).toBe(-1);
    expect(rawSocketTextAt("Filament runout")).toBe(-1);
  });
});
