import { describe, expect, it } from "vitest";
import { describeConnectionFailure, describeConnectionLost } from "./connection-sentence";
import {
  PrinterAuthenticationError,
  PrinterCertificateError,
  PrinterConnectionError,
  PrinterTimeoutError,
} from "./errors";

const target = { host: "192.168.1.40", credential: "access code" };
const socketError = (code: string) =>
  Object.assign(new Error(`connect ${code} 192.168.1.40:8883`), { code, syscall: "connect" });

describe("the sentence for a printer that cannot be reached", () => {
  it("puts the socket's error code into words, wherever it sits in the cause chain", () => {
    const cases: [unknown, string][] = [
      [
        new PrinterConnectionError("cannot reach", { cause: socketError("ECONNREFUSED") }),
        "connection refused",
      ],
      [socketError("EHOSTUNREACH"), "no route to the printer"],
      [socketError("ENETUNREACH"), "the network is unreachable"],
      [socketError("ETIMEDOUT"), "timed out"],
      [socketError("ENOTFOUND"), "the name could not be resolved"],
      [
        new PrinterConnectionError("GET /api/v1/status: fetch failed", {
          cause: new TypeError("fetch failed", {
            cause: new AggregateError([socketError("ECONNREFUSED")], "connect failed"),
          }),
        }),
        "connection refused",
      ],
      [new PrinterConnectionError("x", { meta: { code: "UND_ERR_CONNECT_TIMEOUT" } }), "timed out"],
      [
        new PrinterConnectionError("x", { cause: socketError("ERR_SSL_WRONG_VERSION_NUMBER") }),
        "TLS failure",
      ],
      [new PrinterTimeoutError("TLS connection to 192.168.1.40:8883 timed out"), "timed out"],
    ];
    for (const [error, words] of cases)
      expect(describeConnectionFailure(target, error)).toBe(
        `The printer did not answer at 192.168.1.40 (${words}).`,
      );
  });

  it("never passes raw socket text through", () => {
    for (const message of ["connect EWHATEVER 192.168.1.40:80", "fetch failed", "socket hang up", ""])
      expect(describeConnectionFailure(target, new PrinterConnectionError(message))).toBe(
        "The printer did not answer at 192.168.1.40.",
      );
    expect(describeConnectionFailure(target, new Error("connect ECONNREFUSED 1.2.3.4:80"))).not.toMatch(
      /ECONNREFUSED/,
    );
  });

  it("says a refused login and a certificate problem plainly", () => {
    expect(describeConnectionFailure(target, new PrinterAuthenticationError("MQTT not authorized"))).toBe(
      "The printer at 192.168.1.40 refused the access code.",
    );
    expect(
      describeConnectionFailure(
        { host: "mk4.local", credential: "password" },
        new PrinterAuthenticationError("HTTP 401"),
      ),
    ).toBe("The printer at mk4.local refused the password.");
    expect(
      describeConnectionFailure(target, new PrinterCertificateError("the printer presented no certificate")),
    ).toBe("The printer at 192.168.1.40 failed the certificate check: the printer presented no certificate.");
  });

  it("tells a dropped connection apart from one that never came up", () => {
    expect(
      describeConnectionLost(
        target,
        new PrinterConnectionError("the MQTT connection to the printer was closed"),
      ),
    ).toBe(
      "The connection to the printer at 192.168.1.40 was lost: the MQTT connection to the printer was closed.",
    );
    expect(describeConnectionLost(target, socketError("ECONNRESET"))).toBe(
      "The connection to the printer at 192.168.1.40 was lost (the connection was reset).",
    );
  });
});
