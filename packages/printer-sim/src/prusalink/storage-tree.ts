// The simulated printer's storage: a tree of folders and files with FAT-style 8.3 short names
// (what Buddy puts in `name` and in every path) beside long display names, lookup by either,
// and a folder ETag that changes on any create/delete (Buddy: CRC32 of a change chain + path).
import { crc32 } from "node:zlib";

export interface StorageNode {
  lfn: string;
  sfn: string;
  folder: boolean;
  mtime: number;
  children: StorageNode[];
  bytes?: Buffer;
  thumbnails?: { small?: Buffer; large?: Buffer };
  /** Simulated print duration in seconds (from the file's metadata). */
  printSeconds?: number;
}

const PRINTABLE = /\.(g|gc|gco|gcode|bgc|bgcode)$/i;

export function isPrintable(name: string): boolean {
  return PRINTABLE.test(name);
}

/** FatFS-like short name: fits 8.3 and is upper case → itself, else BASE~N.EXT. */
function shortName(lfn: string, taken: Set<string>, generate: boolean): string {
  const clean = (s: string) => s.toUpperCase().replace(/[^A-Z0-9!#$%&'()\-@^_`{}~]/g, "_");
  const dot = lfn.lastIndexOf(".");
  const base = dot > 0 ? lfn.slice(0, dot) : lfn;
  const ext = dot > 0 ? lfn.slice(dot + 1) : "";
  const fits =
    base.length <= 8 && ext.length <= 3 && !/[\s.+,;=[\]]/.test(base) && clean(base) === base.toUpperCase();
  if (!generate || (fits && !taken.has(lfn.toUpperCase()))) return generate ? lfn.toUpperCase() : lfn;
  const stem = clean(base.replace(/[\s.]/g, "")).slice(0, 6);
  const suffix = ext ? `.${clean(ext).slice(0, 3)}` : "";
  for (let n = 1; ; n++) {
    const tail = `~${n}`;
    const candidate = `${stem.slice(0, 8 - tail.length)}${tail}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export class StorageTree {
  readonly root: StorageNode;
  private changeChain = 1;

  /** `shortNames`: Buddy (FAT on USB) true; Prusa-Link on a Pi uses real names. */
  constructor(
    readonly rootName: string,
    readonly shortNames: boolean,
  ) {
    this.root = {
      lfn: rootName,
      sfn: rootName,
      folder: true,
      mtime: Math.floor(Date.now() / 1000),
      children: [],
    };
  }

  etag(dirPath: string): string {
    const value = crc32(`${this.changeChain}:${dirPath}`) >>> 0;
    return String(value === 0 ? 1 : value);
  }

  /** Splits "/usb/A/B.GCO" into segments below the root; undefined if outside the root. */
  segments(path: string): string[] | undefined {
    const parts = path.split("/").filter(Boolean);
    if (parts[0] !== this.rootName) return undefined;
    return parts.slice(1);
  }

  find(path: string): StorageNode | undefined {
    const segments = this.segments(path);
    if (!segments) return undefined;
    let node: StorageNode | undefined = this.root;
    for (const segment of segments) {
      if (segment === "..") return undefined;
      const wanted = segment.toUpperCase();
      node = node?.children.find((c) => c.sfn.toUpperCase() === wanted || c.lfn.toUpperCase() === wanted);
      if (!node) return undefined;
    }
    return node;
  }

  /** The path as the API reports it (short names), e.g. "/usb/SUBDIR/BENCHY~1.BGC". */
  apiPath(node: StorageNode): string {
    const walk = (current: StorageNode, prefix: string): string | undefined => {
      if (current === node) return prefix;
      for (const child of current.children) {
        const found = walk(child, `${prefix}/${child.sfn}`);
        if (found) return found;
      }
      return undefined;
    };
    return walk(this.root, `/${this.rootName}`) ?? `/${this.rootName}`;
  }

  parentOf(node: StorageNode): StorageNode | undefined {
    const walk = (current: StorageNode): StorageNode | undefined => {
      for (const child of current.children) {
        if (child === node) return current;
        const found = child.folder ? walk(child) : undefined;
        if (found) return found;
      }
      return undefined;
    };
    return walk(this.root);
  }

  mkdir(parent: StorageNode, lfn: string): StorageNode {
    const node: StorageNode = {
      lfn,
      sfn: shortName(lfn, this.taken(parent), this.shortNames),
      folder: true,
      mtime: now(),
      children: [],
    };
    parent.children.push(node);
    this.changed();
    return node;
  }

  /** Creates missing folders along `segments` (Buddy creates parents of uploads automatically). */
  ensureFolders(segments: string[]): StorageNode | undefined {
    let node = this.root;
    for (const segment of segments) {
      const existing = node.children.find(
        (c) => c.sfn.toUpperCase() === segment.toUpperCase() || c.lfn.toUpperCase() === segment.toUpperCase(),
      );
      if (existing && !existing.folder) return undefined;
      node = existing ?? this.mkdir(node, segment);
    }
    return node;
  }

  addFile(
    parent: StorageNode,
    lfn: string,
    bytes: Buffer,
    extra: Pick<StorageNode, "thumbnails" | "printSeconds"> = {},
    mtime = now(),
  ): StorageNode {
    const existing = parent.children.findIndex((c) => c.lfn === lfn);
    const taken = this.taken(parent);
    if (existing >= 0) taken.delete(parent.children[existing]!.sfn.toUpperCase());
    const node: StorageNode = {
      lfn,
      sfn: existing >= 0 ? parent.children[existing]!.sfn : shortName(lfn, taken, this.shortNames),
      folder: false,
      mtime,
      children: [],
      bytes,
      ...extra,
    };
    if (existing >= 0) parent.children[existing] = node;
    else parent.children.push(node);
    this.changed();
    return node;
  }

  /** Bytes of every file on the storage. */
  usedBytes(): number {
    let total = 0;
    const walk = (node: StorageNode) => {
      total += node.bytes?.length ?? 0;
      node.children.forEach(walk);
    };
    walk(this.root);
    return total;
  }

  remove(node: StorageNode): boolean {
    const parent = this.parentOf(node);
    if (!parent) return false;
    parent.children = parent.children.filter((c) => c !== node);
    this.changed();
    return true;
  }

  private taken(parent: StorageNode): Set<string> {
    return new Set(parent.children.map((c) => c.sfn.toUpperCase()));
  }

  private changed(): void {
    this.changeChain += 1;
  }
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}
