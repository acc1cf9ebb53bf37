// The types the PrusaLink simulator and its route handlers (routes-*.ts) share. The handlers see
// the simulator only through `RoutedSimulator`, so they do not import the simulator module that
// imports them.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { PrintEngine } from "./print-engine";
import type { StorageNode, StorageTree } from "./storage-tree";
import type { SimTransfer } from "./sim-transfer";

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
  /**
   * Report "api":"0.9.0-legacy" like Prusa-Link 0.7.0 on a Raspberry Pi (clients must use the
   * legacy endpoints; use it with `flavour: "rpi"`, the only firmware that ever sent it).
   */
  legacyApi?: boolean;
  /** Buddy: the printer model (MK4, MK4S, MK3.9, MK3.5, XL, MINI, COREONE), default MK4; sets the hostname. */
  model?: string;
  /**
   * Buddy: the firmware version. From 6.5 on, /api/version also reports `firmware` (as pyprusalink
   * documents for 6.5.x); older firmware (the default, 6.3.0) does not.
   */
  firmware?: string;
  /** Digest nonce validity (Buddy 300 s, RPi 60 s windows). */
  nonceValiditySeconds?: number;
  /** Simulated upload rate in bytes per second (default 300 KB/s, a USB stick on Buddy; 0 = unlimited). */
  uploadBytesPerSecond?: number;
  /** Storage size: an upload that does not fit is answered 507 (default 16 GB). */
  storageBytes?: number;
  /** Put sample .bgcode files on the storage (default true). */
  seedFiles?: boolean;
}

/**
 * The file selected on the printer outside of a print (Prusa-Link keeps the last printed file
 * selected, and a file can be selected without printing it). `afterJobId` is the engine's last job
 * when it was chosen: a later print replaces the selection with its own file. `node` undefined =
 * nothing selected (deselected).
 */
export interface FileSelection {
  node: StorageNode | undefined;
  path: string | undefined;
  afterJobId: number | undefined;
}

/** What the route handlers read and change on the simulator. */
export interface RoutedSimulator {
  readonly flavour: PrusaLinkFlavour;
  readonly options: Required<Omit<PrusaLinkSimulatorOptions, "apiKey" | "firmware">> & {
    apiKey?: string;
    firmware?: string;
  };
  readonly storage: StorageTree;
  readonly engine: PrintEngine;
  /** The upload in progress (Buddy accepts one at a time). */
  transfer: SimTransfer | undefined;
  /** An explicit selection or deselection; see `selectedFile()`. */
  selection: FileSelection | undefined;
  /** Selects a file without printing it; `undefined` deselects. False if not possible. */
  selectFile(path: string | undefined): boolean;
  /** The file the printer has selected now: the job's, else the explicit or last printed one (RPi). */
  selectedFile(): { node: StorageNode; path: string } | undefined;
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
