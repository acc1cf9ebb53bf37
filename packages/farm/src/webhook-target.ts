// Where a webhook may be sent. A webhook posts from inside the farm's network, so a URL must
// not turn the worker into a probe of the machine itself or of cloud metadata services:
// loopback, link-local (169.254.169.254), unspecified and multicast/broadcast addresses are
// refused, checked when the webhook is saved (address literals, in any numeric form the URL
// parser normalizes: http://2130706433/ is 127.0.0.1) and again for every resolved address
// when it is sent. Private LAN addresses stay allowed: a self-hosted ntfy is normal.
// PRINTERNIZER_WEBHOOK_ALLOW_LOOPBACK=1 allows loopback (a receiver on the same machine, tests).
import { BlockList, isIP } from "node:net";

export interface WebhookTargetPolicy {
  allowLoopback: boolean;
}
export const defaultWebhookTargetPolicy: WebhookTargetPolicy = { allowLoopback: false };

const ranges: { kind: string; cidrs: [string, number, "ipv4" | "ipv6"][] }[] = [
  {
    kind: "a loopback address (this machine)",
    cidrs: [
      ["127.0.0.0", 8, "ipv4"],
      ["::1", 128, "ipv6"],
    ],
  },
  {
    kind: "a link-local address",
    cidrs: [
      ["169.254.0.0", 16, "ipv4"],
      ["fe80::", 10, "ipv6"],
    ],
  },
  {
    kind: "an unspecified address",
    cidrs: [
      ["0.0.0.0", 8, "ipv4"],
      ["::", 128, "ipv6"],
    ],
  },
  {
    kind: "a multicast or broadcast address",
    cidrs: [
      ["224.0.0.0", 4, "ipv4"],
      ["255.255.255.255", 32, "ipv4"],
      ["ff00::", 8, "ipv6"],
    ],
  },
];
const blocks = ranges.map(({ kind, cidrs }) => {
  const list = new BlockList();
  for (const [net, bits, family] of cidrs) list.addSubnet(net, bits, family);
  return { kind, loopback: kind.includes("loopback"), list };
});

/** Why an IP address may not receive webhooks, or null when it may. */
export function forbiddenAddressReason(
  address: string,
  policy: WebhookTargetPolicy = defaultWebhookTargetPolicy,
): string | null {
  const ip = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  const family = isIP(ip);
  if (!family) return null;
  const hit = blocks.find((b) => b.list.check(ip, family === 4 ? "ipv4" : "ipv6"));
  if (!hit || (hit.loopback && policy.allowLoopback)) return null;
  return `${ip} is ${hit.kind}`;
}

/** Host names that always mean this machine. */
function isLocalName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  return name === "localhost" || name.endsWith(".localhost");
}

/** Why a webhook URL may not be saved (address literals and local names; names are resolved at send time), or null. */
export function webhookTargetProblem(
  url: string,
  policy: WebhookTargetPolicy = defaultWebhookTargetPolicy,
): string | null {
  if (!URL.canParse(url)) return "Enter a full address such as https://example.org/hook.";
  const parsed = new URL(url);
  if (parsed.username || parsed.password)
    return "Remove the user name and password from the address (user:pass@); put a token in the path or query instead, it is stored encrypted.";
  if (isLocalName(parsed.hostname) && !policy.allowLoopback)
    return `Webhooks cannot be sent to ${parsed.hostname} (this machine).`;
  const reason = forbiddenAddressReason(parsed.hostname, policy);
  return reason
    ? `Webhooks cannot be sent to ${reason}; use an address on your network or the internet.`
    : null;
}
