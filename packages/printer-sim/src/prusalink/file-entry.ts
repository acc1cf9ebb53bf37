// The v1 file info of a simulated file or folder, as each flavour renders it (Buddy `ro`, no sizes
// in listings, no m_timestamp on the USB root; Prusa-Link `read_only`).
import type { StorageNode } from "./storage-tree";
import { isPrintable } from "./storage-tree";
import type { RouteContext } from "./simulator-types";
import { fileRefs } from "./routes-v1";
import { compact } from "./sim-responses";

export function entryPayload(
  ctx: RouteContext,
  node: StorageNode,
  path: string,
  withChildren: boolean,
  asChild = false,
): Record<string, unknown> {
  const buddy = ctx.sim.flavour === "buddy";
  const isRoot = node === ctx.sim.storage.root;
  const type = node.folder
    ? "FOLDER"
    : isPrintable(node.lfn)
      ? "PRINT_FILE"
      : node.lfn.toLowerCase().endsWith(".bbf")
        ? "FIRMWARE"
        : "FILE";
  return compact({
    name: node.sfn,
    [buddy ? "ro" : "read_only"]: false,
    type,
    // FatFS cannot stat the USB root: Buddy omits m_timestamp there.
    m_timestamp: isRoot && buddy ? undefined : node.mtime,
    // Buddy listings carry no sizes; file info does.
    size: node.folder || (asChild && buddy) ? undefined : node.bytes?.length,
    refs: node.folder
      ? undefined
      : fileRefs(ctx, path, isPrintable(node.lfn), Boolean(node.thumbnails?.large)),
    display_name: isRoot ? undefined : node.lfn,
    children:
      withChildren && node.folder
        ? visibleChildren(node).map((c) => entryPayload(ctx, c, `${path}/${c.sfn}`, false, true))
        : undefined,
  });
}

function visibleChildren(node: StorageNode): StorageNode[] {
  // Only folders and printable files, no dot-files, no folders named like print files.
  return node.children.filter(
    (c) => !c.lfn.startsWith(".") && (c.folder ? !isPrintable(c.lfn) : isPrintable(c.lfn)),
  );
}
