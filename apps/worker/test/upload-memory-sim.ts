// A PrusaLink simulator in its own process for upload-memory.integration-test.ts: the simulator
// keeps what it receives in memory, which must not count as the worker's. Prints its address as
// one JSON line, then runs until stdin closes.
import { PrusaLinkSimulator } from "@printernizer/printer-sim";

const sim = await new PrusaLinkSimulator({
  host: process.argv[2] ?? "127.0.17.20",
  port: 0,
  name: "memory-mk4",
  password: "memory-pass",
  uploadBytesPerSecond: 0,
  seedFiles: false,
}).start();
process.stdout.write(`${JSON.stringify({ host: sim.host, port: sim.port })}\n`);
process.stdin.resume();
process.stdin.on("end", () => void sim.stop().then(() => process.exit(0)));
