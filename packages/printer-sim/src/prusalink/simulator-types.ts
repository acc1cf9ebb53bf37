// The types the PrusaLink simulator and its route handlers (routes-*.ts) share. The handlers see
// the simulator only through `RoutedSimulator`, so they do not import the simulator module that
// imports them.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { PrintEngine } from "./print-engine";
import type { StorageTree } from "./storage-tree";

export type PrusaLinkFlavour = "buddy" | "rpi";

export interface PrusaLinkSimulatorOptions {
  flavour?: PrusaLinkFlavour;
  /** Loopback address to bind (default 127.0.0.1). */
  host?: string;
  /** 0 = any free port (default). */
  port?: number;
  name?: string;
  /** Buddy: always "maker". RPi default "admin". */
  username?: string;
  password?: string;
  /** RPi only: the separate X-Api-Key (Buddy compares X-Api-Key to the password). */
  apiKey?: string;
  serial?: string;
  hostname?: string;
  /** Simulated seconds per real second (default 1). */
  timeScale?: number;
  /** Report "api":"0.9.0-legacy" like Prusa-Link 0.7.0 (clients must use the legacy endpoints). */
  legacyApi?: boolean;
  /** Digest nonce validity (Buddy 300 s, RPi 60 s windows). */
  nonceValiditySeconds?: number;
  /** Put sample .bgcode files on the storage (default true). */
  seedFiles?: boolean;
}

/** What the route handlers read and change on the simulator. */
export interface RoutedSimulator {
  readonly flavour: PrusaLinkFlavour;
  readonly options: Required<Omit<PrusaLinkSimulatorOptions, "apiKey">> & { apiKey?: string };
  readonly storage: StorageTree;
  readonly engine: PrintEngine;
  /** Buddy accepts one upload at a time. */
  transferInProgress: boolean;
}

export interface RouteContext {
  sim: RoutedSimulator;
  req: IncomingMessage;
  res: ServerResponse;
  /** Raw request target (with query). */
  target: string;
  /** Decoded path without query, duplicate slashes collapsed. */
  path: string;
}
