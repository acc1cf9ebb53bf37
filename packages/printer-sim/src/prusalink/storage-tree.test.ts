import { describe, expect, it } from "vitest";
import { StorageTree } from "./storage-tree";

describe("StorageTree (Buddy USB with 8.3 names)", () => {
  it("gives long names FAT short names and finds files by either name", () => {
    const tree = new StorageTree("usb", true);
    const a = tree.addFile(tree.root, "painting_cone_0.4n_0.2mm_PETG_MK4_31m.bgcode", Buffer.from("x"));
    const b = tree.addFile(tree.root, "painting_cone_v2.bgcode", Buffer.from("y"));
    const c = tree.addFile(tree.root, "BOX.GCO", Buffer.from("z"));
    expect(a.sfn).toBe("PAINTI~1.BGC");
    expect(b.sfn).toBe("PAINTI~2.BGC");
    expect(c.sfn).toBe("BOX.GCO");
    expect(tree.find("/usb/PAINTI~1.BGC")).toBe(a);
    expect(tree.find("/usb/painting_cone_v2.bgcode")).toBe(b);
    expect(tree.find("/usb/../usb/BOX.GCO")).toBeUndefined();
    expect(tree.find("/local/BOX.GCO")).toBeUndefined();
  });

  it("changes the folder ETag on create and delete only", () => {
    const tree = new StorageTree("usb", true);
    const first = tree.etag("/usb");
    expect(tree.etag("/usb")).toBe(first);
    const node = tree.addFile(tree.root, "a.gcode", Buffer.from("x"));
    const second = tree.etag("/usb");
    expect(second).not.toBe(first);
    tree.remove(node);
    expect(tree.etag("/usb")).not.toBe(second);
    expect(tree.etag("/usb/SUB")).not.toBe(tree.etag("/usb"));
  });

  it("keeps real names on the Raspberry Pi flavour", () => {
    const tree = new StorageTree("local", false);
    expect(tree.addFile(tree.root, "Long Name.gcode", Buffer.from("x")).sfn).toBe("Long Name.gcode");
  });
});
