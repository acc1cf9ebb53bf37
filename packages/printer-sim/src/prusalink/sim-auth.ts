// Server-side auth of the simulated printer, per flavour (see docs: prusalink.md §2).
// Buddy: Digest realm "Printer API", RFC 2069 response, 16-hex nonce = random32<<32 | uptime s,
// valid 300 s; only `nonce` and `response` are read. X-Api-Key is compared to the same password.
// Raspberry Pi Prusa-Link: realm "Administrator", qop=auth, MD5-sess, opaque, nonce bound to the
// User-Agent and a 60 s window; a wrong X-Api-Key is 403 "Bad X-Api-Key.".
import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";

const md5 = (s: string) => createHash("md5").update(s).digest("hex");
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export type AuthOutcome =
  { ok: true } | { ok: false; status: 401 | 403; wwwAuthenticate?: string; body?: string };

export interface AuthConfig {
  flavour: "buddy" | "rpi";
  username: string;
  password: string;
  apiKey?: string | undefined;
  nonceValiditySeconds: number;
}

function parseAuthorization(header: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const m of header
    .replace(/^\s*digest\s+/i, "")
    .matchAll(/([a-zA-Z]+)\s*=\s*(?:"([^"]*)"|([^\s,]+))/g)) {
    params.set(m[1]!.toLowerCase(), m[2] ?? m[3] ?? "");
  }
  return params;
}

export class SimAuth {
  private bootRandom = randomBytes(4).readUInt32BE();
  private readonly bootTime = Date.now();
  private secret = randomBytes(16).toString("hex");
  private readonly opaque = sha256("prusalink-sim");
  /** Counts rejected requests (tests assert "no retry storm"). */
  rejected = 0;
  /** Of those, the ones that carried credentials (a Digest answer or an API key): login attempts refused. */
  refusedCredentials = 0;

  constructor(private config: AuthConfig) {}

  setPassword(password: string): void {
    this.config = { ...this.config, password };
  }

  /** A reboot changes the random part of the nonce (and the RPi secret). */
  reboot(): void {
    this.bootRandom = randomBytes(4).readUInt32BE();
    this.secret = randomBytes(16).toString("hex");
  }

  check(req: IncomingMessage): AuthOutcome {
    const outcome = this.evaluate(req);
    if (!outcome.ok) {
      this.rejected += 1;
      if (req.headers.authorization !== undefined || req.headers["x-api-key"] !== undefined)
        this.refusedCredentials += 1;
    }
    return outcome;
  }

  private evaluate(req: IncomingMessage): AuthOutcome {
    const c = this.config;
    const apiKey = req.headers["x-api-key"];
    if (typeof apiKey === "string") {
      const expected = c.flavour === "buddy" ? c.password : c.apiKey;
      if (expected && apiKey === expected) return { ok: true };
      if (c.flavour === "rpi") return { ok: false, status: 403, body: "Bad X-Api-Key." };
      return { ok: false, status: 401, wwwAuthenticate: 'ApiKey realm="Printer API"' };
    }
    // An empty password means "login disabled" on Buddy: everything is denied.
    const header = req.headers.authorization;
    if (!header || !/^\s*digest\s/i.test(header) || !c.password) return this.challenge(req, false);
    const params = parseAuthorization(header);
    const nonce = params.get("nonce") ?? "";
    const response = params.get("response") ?? "";
    const method = req.method ?? "GET";
    const uri = c.flavour === "buddy" ? (req.url ?? "/") : (params.get("uri") ?? "");
    if (c.flavour === "buddy") {
      const expected = md5(
        `${md5(`${c.username}:Printer API:${c.password}`)}:${nonce}:${md5(`${method}:${uri}`)}`,
      );
      const correct = expected === response;
      if (correct && this.buddyNonceValid(nonce)) return { ok: true };
      return this.challenge(req, correct);
    }
    if (params.get("username") !== c.username || !(req.url ?? "").startsWith(uri.split("?")[0] ?? "\u0000"))
      return this.challenge(req, false);
    if (
      params.get("algorithm") !== "MD5-sess" ||
      params.get("opaque") !== this.opaque ||
      params.get("qop") !== "auth"
    )
      return this.challenge(req, false);
    const cnonce = params.get("cnonce") ?? "";
    const nc = params.get("nc") ?? "";
    const ha1 = md5(`${md5(`${c.username}:Administrator:${c.password}`)}:${nonce}:${cnonce}`);
    const expected = md5(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${md5(`${method}:${uri}`)}`);
    const correct = expected === response;
    if (correct && this.rpiNonceValid(nonce, req)) return { ok: true };
    return this.challenge(req, correct);
  }

  private challenge(req: IncomingMessage, stale: boolean): AuthOutcome {
    if (this.config.flavour === "buddy") {
      return {
        ok: false,
        status: 401,
        wwwAuthenticate: `Digest realm="Printer API", nonce="${this.buddyNonce()}", stale=${stale}`,
      };
    }
    const header = `Digest realm="Administrator",qop="auth",algorithm="MD5-sess",nonce="${this.rpiNonce(req, this.window())}",opaque="${this.opaque}"${stale ? ",stale=true" : ""}`;
    return { ok: false, status: 401, wwwAuthenticate: header };
  }

  private uptime(): number {
    return Math.floor((Date.now() - this.bootTime) / 1000);
  }

  private buddyNonce(): string {
    return ((BigInt(this.bootRandom) << 32n) | BigInt(this.uptime())).toString(16).padStart(16, "0");
  }

  private buddyNonceValid(nonce: string): boolean {
    if (!/^[0-9a-f]{16}$/.test(nonce)) return false;
    const value = BigInt(`0x${nonce}`);
    const random = Number(value >> 32n);
    const issued = Number(value & 0xffffffffn);
    return random === this.bootRandom && this.uptime() - issued < this.config.nonceValiditySeconds;
  }

  private window(): number {
    return Math.floor(Date.now() / 1000 / this.config.nonceValiditySeconds);
  }

  private rpiNonce(req: IncomingMessage, window: number): string {
    return sha256(`${this.secret}${window}${req.headers["user-agent"] ?? ""}`);
  }

  private rpiNonceValid(nonce: string, req: IncomingMessage): boolean {
    const now = this.window();
    return nonce === this.rpiNonce(req, now) || nonce === this.rpiNonce(req, now - 1);
  }
}
