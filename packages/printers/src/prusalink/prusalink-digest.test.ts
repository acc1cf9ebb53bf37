import { describe, expect, it } from "vitest";
import { DigestSession, parseDigestChallenge, rfc2069Response, rfc2617Response } from "./prusalink-digest";

describe("PrusaLink digest", () => {
  it("matches the Buddy firmware test vector (server_tests.cpp 'Authenticated Digest')", () => {
    const response = rfc2069Response({
      username: "maker",
      password: "password",
      realm: "Printer API",
      method: "GET",
      uri: "/secret.html",
      nonce: "aaaaaaaa00000000",
    });
    expect(response).toBe("0cbf0ac5ca4c879c35a3b91430214a47");
  });

  it("parses Buddy's challenge (no qop, stale flag)", () => {
    expect(parseDigestChallenge('Digest realm="Printer API", nonce="33e1737e000065bd", stale=false')).toEqual(
      {
        realm: "Printer API",
        nonce: "33e1737e000065bd",
        stale: false,
      },
    );
    expect(
      parseDigestChallenge('Digest realm="Printer API", nonce="33e1737e000065be", stale=true')?.stale,
    ).toBe(true);
    expect(parseDigestChallenge('ApiKey realm="Printer API"')).toBeUndefined();
  });

  it("parses the Prusa-Link (PoorWSGI) challenge without spaces", () => {
    const c = parseDigestChallenge(
      'Digest realm="Administrator",qop="auth",algorithm="MD5-sess",nonce="abc123",opaque="op"',
    );
    expect(c).toEqual({
      realm: "Administrator",
      nonce: "abc123",
      qop: "auth",
      algorithm: "MD5-sess",
      opaque: "op",
      stale: false,
    });
  });

  it("sends the Buddy header without qop/algorithm, and the vector's response", () => {
    const session = new DigestSession("maker", "password");
    expect(session.authorize("GET", "/secret.html")).toBeUndefined();
    session.accept({ realm: "Printer API", nonce: "aaaaaaaa00000000", stale: false });
    const header = session.authorize("GET", "/secret.html")!;
    expect(header).toContain('response="0cbf0ac5ca4c879c35a3b91430214a47"');
    expect(header).not.toMatch(/qop|algorithm|cnonce|nc=/);
  });

  it("computes MD5-sess with qop=auth and increments nc", () => {
    const session = new DigestSession("admin", "secret", () => "0a4f113b");
    session.accept({
      realm: "Administrator",
      nonce: "n1",
      qop: "auth",
      algorithm: "MD5-sess",
      opaque: "o1",
      stale: false,
    });
    const first = session.authorize("GET", "/api/v1/status")!;
    const second = session.authorize("GET", "/api/v1/status")!;
    expect(first).toContain("nc=00000001");
    expect(second).toContain("nc=00000002");
    expect(first).toContain('opaque="o1"');
    expect(first).toContain("algorithm=MD5-sess");
    const expected = rfc2617Response({
      username: "admin",
      password: "secret",
      realm: "Administrator",
      method: "GET",
      uri: "/api/v1/status",
      nonce: "n1",
      nc: "00000001",
      cnonce: "0a4f113b",
      qop: "auth",
      sess: true,
    });
    expect(first).toContain(`response="${expected}"`);
    // MD5-sess differs from plain MD5 for the same inputs.
    expect(expected).not.toBe(
      rfc2617Response({
        username: "admin",
        password: "secret",
        realm: "Administrator",
        method: "GET",
        uri: "/api/v1/status",
        nonce: "n1",
        nc: "00000001",
        cnonce: "0a4f113b",
        qop: "auth",
        sess: false,
      }),
    );
  });
});
