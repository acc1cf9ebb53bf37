import { describe, expect, it } from "vitest";
import { forbiddenAddressReason, webhookTargetProblem } from "./webhook-target";

describe("webhook target policy", () => {
  it("refuses loopback, link-local, unspecified and multicast addresses of both families", () => {
    for (const address of [
      "127.0.0.1",
      "127.8.9.1",
      "::1",
      "[::1]",
      "::ffff:127.0.0.1",
      "169.254.169.254",
      "fe80::1",
      "0.0.0.0",
      "::",
      "224.0.0.251",
      "255.255.255.255",
      "ff02::1",
    ]) {
      expect(forbiddenAddressReason(address), address).not.toBeNull();
    }
    expect(forbiddenAddressReason("169.254.169.254")).toBe("169.254.169.254 is a link-local address");
  });

  it("allows LAN and public addresses, and loopback only when the server allows it", () => {
    for (const address of [
      "10.0.0.5",
      "192.168.1.20",
      "172.16.3.4",
      "fd00::5",
      "93.184.216.34",
      "2001:db8::1",
    ])
      expect(forbiddenAddressReason(address), address).toBeNull();
    expect(forbiddenAddressReason("127.0.0.1", { allowLoopback: true })).toBeNull();
    expect(forbiddenAddressReason("169.254.169.254", { allowLoopback: true })).not.toBeNull();
  });

  it("sees through numeric IP forms, refuses local names and user info, with a message a person understands", () => {
    for (const url of [
      "http://2130706433/hook",
      "http://0177.0.0.1/hook",
      "http://0x7f.1/hook",
      "http://[::ffff:127.0.0.1]:8080/",
      "http://0/",
    ]) {
      expect(webhookTargetProblem(url), url).toMatch(
        /^Webhooks cannot be sent to (127\.0\.0\.1 is a loopback|::ffff:7f00:1 is a loopback|0\.0\.0\.0 is an unspecified)/,
      );
    }
    expect(webhookTargetProblem("http://localhost:8080/x")).toBe(
      "Webhooks cannot be sent to localhost (this machine).",
    );
    expect(webhookTargetProblem("http://printer.localhost/x")).toMatch(/this machine/);
    expect(webhookTargetProblem("https://bob:secret@hooks.example.org/x")).toMatch(
      /Remove the user name and password/,
    );
    expect(webhookTargetProblem("http://192.168.1.20:8080/farm")).toBeNull();
    expect(webhookTargetProblem("http://localhost:8080/x", { allowLoopback: true })).toBeNull();
  });
});
