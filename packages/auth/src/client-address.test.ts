import { describe, expect, it } from "vitest";
import {
  clientAddress,
  clientAddressHeader,
  normalizeAddress,
  parseTrustedProxies,
  resolveClientAddress,
} from "./client-address";

describe("trusted proxies", () => {
  it("accepts addresses and CIDR ranges of both families, and refuses anything else with the entry named", () => {
    const trusted = parseTrustedProxies(" 10.0.0.0/8, 192.0.2.1 ,fd00::/8,::1");
    expect(trusted.entries).toEqual(["10.0.0.0/8", "192.0.2.1", "fd00::/8", "::1"]);
    expect(
      ["10.200.3.4", "192.0.2.1", "::ffff:10.0.0.1", "fd12::1", "::1"].every((a) => trusted.has(a)),
    ).toBe(true);
    expect(["11.0.0.1", "192.0.2.2", "fe80::1", "not-an-ip"].some((a) => trusted.has(a))).toBe(false);
    for (const bad of ["10.0.0.0/33", "example.org", "10.0.0.1/8/1", "fd00::/129", "10.0.0.0/x"]) {
      expect(() => parseTrustedProxies(bad)).toThrow(`"${bad}" is not an IP address or CIDR range`);
    }
  });
});

describe("client address", () => {
  const none = parseTrustedProxies("");
  const proxies = parseTrustedProxies("10.0.0.0/8");

  it("is the socket peer when the peer is not a trusted proxy, whatever X-Forwarded-For says", () => {
    expect(resolveClientAddress("::ffff:198.51.100.7", "1.2.3.4", none)).toBe("198.51.100.7");
    expect(resolveClientAddress("198.51.100.7", "1.2.3.4", proxies)).toBe("198.51.100.7");
  });

  it("walks X-Forwarded-For from the right past trusted proxies to the first untrusted hop", () => {
    expect(resolveClientAddress("10.0.0.1", "6.6.6.6, 203.0.113.9, 10.0.0.2", proxies)).toBe("203.0.113.9");
    expect(resolveClientAddress("10.0.0.1", "10.0.0.3", proxies)).toBe("10.0.0.3");
    expect(resolveClientAddress("10.0.0.1", "junk, 10.0.0.2", proxies)).toBe("10.0.0.2");
    expect(resolveClientAddress("10.0.0.1", undefined, proxies)).toBe("10.0.0.1");
    expect(resolveClientAddress(undefined, "1.2.3.4", proxies)).toBeNull();
  });

  it("normalizes IPv4-mapped and bracketed forms and refuses non-addresses", () => {
    expect(normalizeAddress("[::1]")).toBe("::1");
    expect(normalizeAddress("::FFFF:127.0.0.1")).toBe("127.0.0.1");
    expect(normalizeAddress("<script>")).toBeNull();
  });

  it("of a request is only what the server stamped, never a client's X-Forwarded-For", () => {
    expect(
      clientAddress(
        new Headers({ [clientAddressHeader]: "::ffff:198.51.100.7", "x-forwarded-for": "1.2.3.4" }),
      ),
    ).toBe("198.51.100.7");
    expect(clientAddress(new Headers({ "x-forwarded-for": "1.2.3.4", "x-real-ip": "1.2.3.4" }))).toBeNull();
    expect(clientAddress(new Headers({ [clientAddressHeader]: "not-an-ip" }))).toBeNull();
    expect(clientAddress(undefined)).toBeNull();
  });
});
