// The legacy /api/files listing (prusalink.md §4): one folder for the storage with its files and
// folders below it; Buddy refs point at /usb and /thumb, Prusa-Link's at /api/files/…/raw.
import type { RouteContext } from "./simulator-types";
import type { StorageNode } from "./storage-tree";
import { isPrintable } from "./storage-tree";

/** The `files` array of GET /api/files (and of a legacy upload's JSON answer). */
export function legacyListing(ctx: RouteContext): unknown[] {
  const { sim } = ctx;
  const rootPath = `/${sim.storage.rootName}`;
  return [
    {
      name: sim.storage.rootName.toUpperCase(),
      path: rootPath,
      display: sim.storage.rootName.toUpperCase(),
      type: "folder",
      origin: sim.storage.rootName,
      children: legacyChildren(ctx, sim.storage.root, rootPath),
    },
  ];
}

function legacyChildren(ctx: RouteContext, node: StorageNode, dir: string): unknown[] {
  const buddy = ctx.sim.flavour === "buddy";
  return node.children
    .filter((c) => (c.folder ? !isPrintable(c.lfn) : isPrintable(c.lfn)))
    .map((c) => {
      const path = `${dir}/${c.sfn}`;
      if (c.folder)
        return {
          name: c.sfn,
          display: c.lfn,
          path,
          type: "folder",
          origin: ctx.sim.storage.rootName,
          children: legacyChildren(ctx, c, path),
        };
      const refs = buddy
        ? {
            resource: `/api/files${path}`,
            thumbnailSmall: `/thumb/s${path}`,
            thumbnailBig: `/thumb/l${path}`,
            download: path,
          }
        : {
            resource: `/api/files${path}`,
            thumbnailBig: `/api/thumbnails${path}.orig.png`,
            download: `/api/files${path}/raw`,
          };
      return {
        name: c.sfn,
        display: c.lfn,
        path,
        type: "machinecode",
        origin: ctx.sim.storage.rootName,
        size: c.bytes?.length,
        date: c.mtime,
        refs,
      };
    });
}
