#!/usr/bin/env node
// Summarizes a V8 CPU profile (from `bench --profile-worker DIR`): the functions with the most
// self time, and the share of the profile under each of a few subsystems, e.g.
//   node --import tsx src/profile-summary.ts /tmp/prof/CPU.*.cpuprofile
// The same for the web app's profile (`bench --profile-web DIR`): its bundled frames are mapped back
// to their sources first (profile-source-map.ts), so run it where the web app was built.
import { readFileSync } from "node:fs";
import { originalFrame, type Frame } from "./profile-source-map";

interface ProfileNode {
  id: number;
  callFrame: Frame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv[2];
if (!file) {
  console.error("usage: profile-summary <file.cpuprofile> [top]");
  process.exit(2);
}
const top = Number(process.argv[3] ?? 25);
const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
for (const n of profile.nodes) n.callFrame = originalFrame(n.callFrame);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const selfMs = new Map<number, number>();
profile.samples.forEach((id, i) =>
  selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000),
);
const total = [...selfMs.values()].reduce((a, b) => a + b, 0);
const idle = [...selfMs]
  .filter(([id]) => ["(idle)", "(program)"].includes(byId.get(id)!.callFrame.functionName))
  .reduce((a, [, ms]) => a + ms, 0);

const shortUrl = (url: string) =>
  url
    .replace(/^.*\/node_modules\/\.pnpm\/[^/]+\/node_modules\//, "")
    .replace(/^.*\/work\/[^/]+\//, "")
    .replace(/^.*?\/(?=(apps|packages)\/[^/]+\/src\/)/, "")
    .replace(/^file:\/\//, "");
const label = (n: ProfileNode) =>
  `${n.callFrame.functionName || "(anonymous)"} ${shortUrl(n.callFrame.url)}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ""}`;

const byFunction = new Map<string, number>();
for (const [id, ms] of selfMs)
  byFunction.set(label(byId.get(id)!), (byFunction.get(label(byId.get(id)!)) ?? 0) + ms);

// Inclusive time by subsystem: a sample counts for the first matching frame up its stack.
const subsystems: Array<[string, RegExp]> = [
  ["persistence (write batches)", /apps\/worker\/src\/persistence\//],
  ["fleet / leases", /apps\/worker\/src\/fleet\//],
  ["Bambu adapter", /packages\/printers\/src\/bambu\//],
  ["PrusaLink adapter", /packages\/printers\/src\/prusalink\//],
  ["printers core (change publisher, connection)", /packages\/printers\/src\/core\//],
  ["prisma / pg", /(@prisma|\/pg\/|pg-protocol)/],
  ["mqtt", /\/mqtt/],
  // the web app (`--profile-web`)
  ["superjson (serializing rows)", /\/superjson\//],
  ["SSE (tRPC stream)", /@trpc\/server\/.*(stream|sse)/],
  ["tRPC", /@trpc\//],
  ["farm live stream / farm cache", /packages\/farm\/src\/live\//],
  ["farm (other)", /packages\/farm\/src\//],
  ["api routers", /packages\/api\/src\//],
  ["auth (sessions)", /(better-auth|packages\/auth\/src\/)/],
  ["zod", /\/zod\//],
  ["logging (pino)", /\/pino/],
  ["web app (apps/web/src)", /apps\/web\/src\//],
  ["next / react server", /(\/next\/|\/react\/|\/react-dom\/|react-server|\/\[turbopack\]|\.next\/server\/)/],
];
const bySubsystem = new Map<string, number>();
for (const [id, ms] of selfMs) {
  const own = byId.get(id)!.callFrame.functionName;
  if (own === "(idle)" || own === "(program)") continue;
  let name = own === "(garbage collector)" ? "(garbage collector: not attributed)" : "(elsewhere)";
  for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
    const hit = subsystems.find(([, re]) => re.test(byId.get(n!)!.callFrame.url));
    if (hit) {
      name = hit[0];
      break;
    }
  }
  bySubsystem.set(name, (bySubsystem.get(name) ?? 0) + ms);
}

const pct = (ms: number) => `${((ms / (total - idle)) * 100).toFixed(1)}%`;
process.stdout.write(
  `profile: ${(total / 1000).toFixed(1)} s, busy ${((total - idle) / 1000).toFixed(1)} s\n\nby subsystem (inclusive, of busy time):\n`,
);
for (const [name, ms] of [...bySubsystem].sort((a, b) => b[1] - a[1]))
  process.stdout.write(`  ${pct(ms).padStart(6)}  ${name}\n`);
process.stdout.write(`\ntop ${top} functions by self time (of busy time):\n`);
for (const [name, ms] of [...byFunction]
  .filter(([n]) => !n.startsWith("(idle)") && !n.startsWith("(program)"))
  .sort((a, b) => b[1] - a[1])
  .slice(0, top)) {
  process.stdout.write(`  ${pct(ms).padStart(6)}  ${name}\n`);
}
