// The simulator's camera switches: live view off closes the camera port and, on X1C, reports
// `ipcam.rtsp_url: "disable"`; the control endpoint does the same for other processes.
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startControlServer, type ControlServer } from "../../control-server";
import { BambuSimulator } from "../bambu-simulator";

const sims: BambuSimulator[] = [];
const controls: ControlServer[] = [];
afterEach(async () => {
  await Promise.all(controls.splice(0).map((c) => c.close()));
  await Promise.all(sims.splice(0).map((s) => s.stop()));
});

const host = `127.70.${200 + (process.pid % 50)}.1`;

/** "open" when a TCP connection to the port is accepted, "refused" otherwise. */
function probe(port: number): Promise<"open" | "refused"> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    socket.once("connect", () => {
      socket.destroy();
      resolve("open");
    });
    socket.once("error", () => resolve("refused"));
  });
}

describe("simulated camera: LAN live view", () => {
  it("X1C: off closes the RTSPS port and reports rtsp_url 'disable'; on opens the same port again", async () => {
    const sim = await new BambuSimulator({ model: "X1C", host }).start();
    sims.push(sim);
    const port = sim.cameraPort;
    expect(await probe(port)).toBe("open");
    expect((sim.state.ipcam as { rtsp_url: string }).rtsp_url).toBe(
      `rtsps://${host}:${port}/streaming/live/1`,
    );
    await sim.setLiveView(false);
    expect(await probe(port)).toBe("refused");
    expect((sim.state.ipcam as { rtsp_url: string }).rtsp_url).toBe("disable");
    await sim.setLiveView(true);
    expect(sim.cameraPort).toBe(port);
    expect(await probe(port)).toBe("open");
  });

  it("P1S through the control endpoint: live-view off and on, camera counters in the printer's counters", async () => {
    const sim = await new BambuSimulator({ model: "P1S", host, name: "cam-p1s" }).start();
    sims.push(sim);
    const control = await startControlServer(() => [sim], host);
    controls.push(control);
    const post = (body: unknown) =>
      fetch(`http://${host}:${control.port}/printers/cam-p1s/live-view`, {
        method: "POST",
        body: JSON.stringify(body),
      });
    expect((await post({ on: "no" })).status).toBe(400);
    expect((await post({ on: false })).status).toBe(200);
    expect(await probe(sim.cameraPort)).toBe("refused");
    expect((await post({ on: true })).status).toBe(200);
    expect(await probe(sim.cameraPort)).toBe("open");
    const printer = (await (await fetch(`http://${host}:${control.port}/printers/cam-p1s`)).json()) as {
      cameraPort: number;
      counters: { camera: { current: number; total: number } };
    };
    expect(printer.cameraPort).toBe(sim.cameraPort);
    // Plain TCP probes never finish a TLS handshake, so no camera connection was counted.
    expect(printer.counters.camera).toEqual({ current: 0, total: 0, max: 0, refused: 0 });
  });
});
