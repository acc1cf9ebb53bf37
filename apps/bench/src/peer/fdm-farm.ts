// The simulated farm as FDM Monster sees it: the printers registered in one batch (its
// `POST /api/v2/printer/batch`) and what its socket.io `update` broadcast (the whole farm, every
// 500 ms) says about each of them.
import type { SimPrinterSpec } from "../sim-protocol";

/** FDM Monster's PrinterTypesEnum: 2 PrusaLink (HTTP digest), 3 Bambu (MQTT: serial, access code). */
export const fdmPrinterType = { prusalink: 2, bambu: 3 } as const;

export interface FdmNewPrinter {
  name: string;
  printerURL: string;
  printerType: number;
  apiKey: string;
  username: string;
  password: string;
  enabled: boolean;
}

/** The simulators' PrusaLink flavour (Buddy firmware) has the digest user "maker". */
export function fdmPrinterOf(spec: SimPrinterSpec): FdmNewPrinter {
  return spec.kind === "bambu"
    ? {
        name: spec.name,
        // Its Bambu adapter strips the scheme and connects to mqtts://<host>:8883.
        printerURL: `http://${spec.host}`,
        printerType: fdmPrinterType.bambu,
        apiKey: "",
        username: spec.serial,
        password: spec.secret,
        enabled: true,
      }
    : {
        name: spec.name,
        printerURL: `http://${spec.host}:${spec.port}`,
        printerType: fdmPrinterType.prusalink,
        apiKey: "",
        username: "maker",
        password: spec.secret,
        enabled: true,
      };
}

/** The parts of an `update` broadcast the benchmark reads (socket-io.gateway / socketio.task in its dist). */
export interface FdmUpdate {
  printers?: Array<{ id: number | string; name?: string }>;
  socketStates?: Record<string, { socket?: string; api?: string } | undefined>;
  printerEvents?: Record<
    string,
    | {
        current?: {
          payload?: {
            state?: { text?: string; flags?: { paused?: boolean } };
            /** Bambu: the last raw MQTT report it received (a P1S delta carries only what changed). */
            print?: { gcode_state?: string };
          };
          receivedAt?: number;
        } | null;
      }
    | undefined
  >;
}

/**
 * Whether the broadcast shows the printer paused; undefined when it does not say. PrusaLink: its
 * normalized state (`state.flags.paused`, from the legacy /api/printer it polls every 5 s). Bambu:
 * its normalized state does not follow pauses (it looks for `gcode_state` "PRINTING" and
 * `mc_print_stage` "printing"/"paused"; printers send RUNNING/PAUSE and "1"/"2"), so the raw report it forwards is read: `print.gcode_state` PAUSE or
 * RUNNING; a P1S delta without `gcode_state` replaces the previous report, and the state is then
 * unknown until the next report that carries it.
 */
export function pausedIn(update: FdmUpdate, id: string, kind: "bambu" | "prusalink"): boolean | undefined {
  const payload = update.printerEvents?.[id]?.current?.payload;
  if (!payload) return undefined;
  if (kind === "bambu") {
    const state = payload.print?.gcode_state;
    return state === undefined ? undefined : state === "PAUSE";
  }
  return payload.state?.flags?.paused;
}

/**
 * Printers with a first status: a report or poll answer received (`printerEvents[id].current`)
 * and its API state "responding" — the same as our `LiveStatus.connected` (written with the
 * connection's first status).
 */
export function connectedIn(update: FdmUpdate, ids: readonly string[]): number {
  let n = 0;
  for (const id of ids)
    if (update.printerEvents?.[id]?.current?.payload && update.socketStates?.[id]?.api === "responding") n++;
  return n;
}
