// Library files for e2e tests, put into the e2e run's store and database the way an upload does.
import path from "node:path";
import { Readable } from "node:stream";
import { createDb } from "@printernizer/db";
import { importLibraryFile } from "@printernizer/farm/library-import";
import { LocalFileStore } from "@printernizer/file-store";
import { e2eDataDir } from "../../playwright.config";
import { e2eDatabaseUrl } from "./auth";

/** Puts a file into the library the way an upload does (store staging, metadata, thumbnails, row). */
export async function addLibraryFile(name: string, bytes: Buffer): Promise<string> {
  const db = createDb({ databaseUrl: e2eDatabaseUrl(), max: 1 });
  try {
    const store = new LocalFileStore(path.join(e2eDataDir, "files"));
    const staged = await store.stage(Readable.from([bytes]));
    return (await importLibraryFile(db, store, { staged, name })).id;
  } finally {
    await db.$disconnect();
  }
}
