import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { describe, expect, it } from "vitest";
import { BlobTooLargeError, LocalFileStore } from "./index";

describe("LocalFileStore", () => {
  const root = mkdtempSync(path.join(tmpdir(), "pz-store-"));
  const store = new LocalFileStore(root);

  it("stores a stream under its sha256 and reads it back", async () => {
    const body = "G28\nG1 X10\n".repeat(10_000);
    const blob = await store.put(Readable.from([body.slice(0, 1000), body.slice(1000)]));
    expect(blob.sha256).toBe(createHash("sha256").update(body).digest("hex"));
    expect(blob.size).toBe(body.length);
    expect(await store.has(blob.sha256)).toBe(true);
    expect(await text(store.open(blob.sha256))).toBe(body);
  });

  it("stores identical content once", async () => {
    const a = await store.put(Readable.from(["same"]));
    const b = await store.put(Readable.from(["same"]));
    expect(a).toEqual(b);
    expect(readdirSync(path.join(root, a.sha256.slice(0, 2))).filter((n) => n === a.sha256)).toHaveLength(1);
  });

  it("leaves nothing behind when the source fails midway", async () => {
    const failing = new Readable({
      read() {
        this.push("partial");
        this.destroy(new Error("printer went away"));
      },
    });
    await expect(store.put(failing)).rejects.toThrow("printer went away");
    expect(readdirSync(path.join(root, "tmp"))).toEqual([]);
  });

  it("rejects names that are not a sha256 (no path tricks)", async () => {
    expect(() => store.open("../../etc/passwd")).toThrow(/sha256/);
    expect(await store.has("../x")).toBe(false);
  });

  it("keeps stored files 0600 in 0700 directories, tightening directories an older version left open", async () => {
    const oldRoot = mkdtempSync(path.join(tmpdir(), "pz-store-modes-"));
    const files = path.join(oldRoot, "files");
    mkdirSync(path.join(files, "tmp"), { recursive: true, mode: 0o755 });
    chmodSync(files, 0o755);
    const blob = await new LocalFileStore(files).put(Readable.from(["secret design"]));
    const mode = (p: string) => statSync(p).mode & 0o777;
    expect(mode(path.join(files, blob.sha256.slice(0, 2), blob.sha256)).toString(8)).toBe("600");
    expect(mode(path.join(files, blob.sha256.slice(0, 2))).toString(8)).toBe("700");
    expect(mode(path.join(files, "tmp")).toString(8)).toBe("700");
    expect(mode(files).toString(8)).toBe("700");
  });

  it("stages bytes in tmp, commits them under their sha256 or discards them", async () => {
    const staged = await store.stage(Readable.from(["staged bytes"]));
    expect(staged.path.startsWith(path.join(root, "tmp"))).toBe(true);
    expect(await store.has(staged.sha256)).toBe(false);
    const blob = await store.commit(staged);
    expect(await text(store.open(blob.sha256))).toBe("staged bytes");
    const other = await store.stage(Readable.from(["thrown away"]));
    await store.discard(other);
    expect(await store.has(other.sha256)).toBe(false);
    expect(readdirSync(path.join(root, "tmp"))).toEqual([]);
  });

  it("stops reading a staged source past maxBytes and keeps nothing of it", async () => {
    let pulled = 0;
    const endless = new Readable({
      read() {
        pulled += 1;
        this.push(Buffer.alloc(1024, 1));
      },
    });
    await expect(store.stage(endless, { maxBytes: 10 * 1024 })).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(pulled).toBeLessThan(100);
    expect(readdirSync(path.join(root, "tmp"))).toEqual([]);
  });

  it("removes a stored blob; removing a missing one is no error", async () => {
    const blob = await store.put(Readable.from(["to be removed"]));
    await store.remove(blob.sha256);
    expect(await store.has(blob.sha256)).toBe(false);
    await expect(store.remove(blob.sha256)).resolves.toBeUndefined();
    await expect(store.remove("../etc")).rejects.toThrow(/sha256/);
  });
});
