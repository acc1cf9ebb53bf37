// POST /api/library/upload over real HTTP against the built app: who may upload, what it
// refuses before reading a byte (cross-site, wrong content type, not a print file, too large
// by its Content-Length, no length), and that a sender who goes away mid-file leaves nothing:
// no file in the store's tmp directory, no blob, no row.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { makeSampleBgcode } from "@printernizer/printer-sim";
import { baseURL, e2eDataDir } from "../playwright.config";
import { loginAs, type E2eRole } from "./support/auth";
import { withE2eDatabase } from "./support/database";

const origin = new URL(baseURL);
const storeTmp = path.join(e2eDataDir, "files", "tmp");
const tmpFiles = () => {
  try {
    return readdirSync(storeTmp);
  } catch {
    return [];
  }
};
const libraryRows = () =>
  withE2eDatabase(async (db) =>
    Number((await db.query(`SELECT count(*) AS n FROM "LibraryFile"`)).rows[0].n),
  );

async function cookieOf(page: Page, role: E2eRole): Promise<string> {
  await loginAs(page, role);
  return (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
}

function post(name: string, body: Buffer, headers: Record<string, string>) {
  return fetch(`${baseURL}/api/library/upload?name=${encodeURIComponent(name)}`, {
    method: "POST",
    headers: { origin: baseURL, "content-type": "application/octet-stream", ...headers },
    body: new Uint8Array(body),
  });
}

test("upload route: roles, same-origin, content type, name, declared size", async ({ page }) => {
  const bgcode = makeSampleBgcode("route_0.4n_0.2mm_PLA_MK4_5m.bgcode", 300, 8).bytes;
  const rowsBefore = await libraryRows();

  const anonymous = await post("a.bgcode", bgcode, {});
  expect(anonymous.status).toBe(401);
  expect((await anonymous.json()).error).toMatch(/Sign in/);

  const viewer = await post("a.bgcode", bgcode, { cookie: await cookieOf(page, "viewer") });
  expect(viewer.status).toBe(403);
  expect((await viewer.json()).error).toMatch(/operator role.*Ask an admin/);

  const cookie = await cookieOf(page, "operator");
  const crossSite = await post("a.bgcode", bgcode, { cookie, origin: "https://evil.example" });
  expect(crossSite.status).toBe(403);
  const formPost = await post("a.bgcode", bgcode, { cookie, "content-type": "text/plain" });
  expect(formPost.status).toBe(415);

  const notPrintFile = await post("holiday.jpg", bgcode, { cookie });
  expect(notPrintFile.status).toBe(415);
  expect((await notPrintFile.json()).error).toMatch(/upload \.gcode, \.bgcode or a sliced \.3mf/);

  const folder = await post("../../etc/x.gcode", bgcode, { cookie });
  expect(folder.status).toBe(400);

  const tooLarge = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    // a declared length over the 1 GiB default: refused before the body is read
    const req = httpRequest(
      {
        host: origin.hostname,
        port: origin.port,
        method: "POST",
        path: "/api/library/upload?name=huge.bgcode",
        headers: {
          cookie,
          origin: baseURL,
          "content-type": "application/octet-stream",
          "content-length": String(2 * 1024 ** 3),
        },
      },
      (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.write(bgcode.subarray(0, 1024));
  });
  expect(tooLarge.status).toBe(413);
  expect(JSON.parse(tooLarge.body).error).toMatch(
    /larger than the library's limit of 1 GiB.*PRINTERNIZER_LIBRARY_MAX_BYTES/,
  );

  const good = await post("route_0.4n_0.2mm_PLA_MK4_5m.bgcode", bgcode, { cookie });
  expect(good.status).toBe(201);
  const { file } = (await good.json()) as { file: { id: string; format: string; thumbnailSha256: string } };
  expect(file.format).toBe("bgcode");
  const picture = await fetch(`${baseURL}/api/thumbnails/${file.thumbnailSha256}`, { headers: { cookie } });
  expect(picture.status).toBe(200);
  expect(picture.headers.get("content-type")).toBe("image/png");
  expect(await libraryRows()).toBe(rowsBefore + 1);
  const audit = await withE2eDatabase(
    async (db) =>
      (
        await db.query(
          `SELECT "targetLabel" FROM "AuditLog" WHERE action = 'library.upload' AND "targetId" = $1`,
          [file.id],
        )
      ).rows,
  );
  expect(audit).toEqual([{ targetLabel: "route_0.4n_0.2mm_PLA_MK4_5m.bgcode" }]);
});

test("upload route: a sender who goes away mid-file leaves no tmp file and no row", async ({ page }) => {
  const cookie = await cookieOf(page, "operator");
  const rowsBefore = await libraryRows();
  const chunk = Buffer.alloc(256 * 1024, 0x47);
  let stagedWhileSending: string[] = [];
  await new Promise<void>((resolve) => {
    const req = httpRequest({
      host: origin.hostname,
      port: origin.port,
      method: "POST",
      path: "/api/library/upload?name=cut_off.gcode",
      headers: {
        cookie,
        origin: baseURL,
        "content-type": "application/octet-stream",
        "content-length": String(64 * 1024 * 1024),
      },
    });
    req.on("error", () => resolve());
    let sent = 0;
    const send = () => {
      if (sent === 16) {
        // 4 MiB of 64 MiB sent: wait until the server is writing them into the store's tmp directory, then vanish
        const waitForTmp = (tries: number) => {
          stagedWhileSending = tmpFiles();
          if (stagedWhileSending.length > 0 || tries === 0) {
            req.destroy();
            resolve();
          } else setTimeout(() => waitForTmp(tries - 1), 100);
        };
        waitForTmp(100);
        return;
      }
      sent += 1;
      req.write(chunk, send);
    };
    send();
  });
  expect(stagedWhileSending, "the upload was being written to the store's tmp directory").toHaveLength(1);
  await expect.poll(tmpFiles, { timeout: 15_000 }).toEqual([]);
  expect(await libraryRows()).toBe(rowsBefore);
});

/** The resident memory of the process listening on the web port, in bytes (Linux). */
function webRss(): number {
  const listing = execFileSync("ss", ["-ltnpH", `sport = :${origin.port}`], { encoding: "utf8" });
  const pid = /pid=(\d+)/.exec(listing)?.[1];
  if (!pid) throw new Error(`no process listens on ${origin.port}: ${listing}`);
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb) * 1024;
}

test("upload route: a 100 MB G-code streams to disk (the web process grows by less than 50 MB)", async ({
  page,
}) => {
  const cookie = await cookieOf(page, "operator");
  const header = "; generated by PrusaSlicer 2.8.1+linux-x64 on 2026-11-20\n;\nG28\n";
  const footer =
    "; estimated printing time (normal mode) = 9h 3m 0s\n; printer_model = MK4\n; nozzle_diameter = 0.4\n";
  const line = "G1 X123.456 Y78.901 E0.04567\n";
  const chunk = Buffer.from(line.repeat(Math.floor((1024 * 1024) / line.length)));
  const chunks = 100;
  const total = header.length + chunk.length * chunks + footer.length;
  // warm up the route once, then measure from there
  await post("warm_up.gcode", Buffer.from(header + footer), { cookie });
  const before = webRss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, webRss())), 100);
  const status = await new Promise<number>((resolve, reject) => {
    const req = httpRequest(
      {
        host: origin.hostname,
        port: origin.port,
        method: "POST",
        path: "/api/library/upload?name=hundred_megabytes.gcode",
        headers: {
          cookie,
          origin: baseURL,
          "content-type": "application/octet-stream",
          "content-length": String(total),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    let sent = 0;
    const send = () => {
      if (sent === chunks) {
        req.end(footer);
        return;
      }
      sent += 1;
      req.write(chunk, send);
    };
    req.write(header, send);
  });
  clearInterval(sampler);
  peak = Math.max(peak, webRss());
  const growth = peak - before;
  test.info().annotations.push({
    type: "web RSS growth",
    description: `${(growth / 1024 ** 2).toFixed(1)} MB for ${(total / 1024 ** 2).toFixed(0)} MB`,
  });
  console.warn(
    `measured: web RSS growth during a ${(total / 1024 ** 2).toFixed(0)} MB upload: ${(growth / 1024 ** 2).toFixed(1)} MB`,
  );
  expect(status).toBe(201);
  expect(growth).toBeLessThan(50 * 1024 ** 2);
});
