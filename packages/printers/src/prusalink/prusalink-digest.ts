// HTTP Digest for PrusaLink, client side. Two flavours exist in the field:
// - Buddy firmware (MINI/MK4/XL/Core One): RFC 2069 style, realm "Printer API", no qop, no opaque,
//   no algorithm; the server reads only `nonce` and `response`. Sending `algorithm` unquoted broke
//   older firmware (400), and sending qop/nc/cnonce is rejected, so we send neither.
// - Raspberry Pi Prusa-Link: RFC 2617 qop=auth with algorithm=MD5-sess and an opaque, nonce bound
//   to the User-Agent (so the client must keep its User-Agent constant).
// A `DigestSession` keeps the last challenge so requests carry credentials preemptively until the
// server says the nonce is stale (Buddy: valid 300 s), saving a round trip per request.
import { createHash, randomBytes } from "node:crypto";

export interface DigestChallenge {
  realm: string;
  nonce: string;
  qop?: string;
  algorithm?: string;
  opaque?: string;
  stale: boolean;
}

const md5 = (value: string): string => createHash("md5").update(value).digest("hex");

/** Parses `WWW-Authenticate: Digest ...`; undefined for other schemes (e.g. Buddy's `ApiKey`). */
export function parseDigestChallenge(header: string | undefined): DigestChallenge | undefined {
  if (!header || !/^\s*digest\s/i.test(header)) return undefined;
  const params = new Map<string, string>();
  const pattern = /([a-zA-Z]+)\s*=\s*(?:"([^"]*)"|([^\s,]+))/g;
  for (const match of header.replace(/^\s*digest\s+/i, "").matchAll(pattern)) {
    params.set(match[1]!.toLowerCase(), match[2] ?? match[3] ?? "");
  }
  const nonce = params.get("nonce");
  if (!nonce) return undefined;
  const qop = params.get("qop");
  const algorithm = params.get("algorithm");
  const opaque = params.get("opaque");
  return {
    realm: params.get("realm") ?? "",
    nonce,
    ...(qop !== undefined ? { qop } : {}),
    ...(algorithm !== undefined ? { algorithm } : {}),
    ...(opaque !== undefined ? { opaque } : {}),
    stale: params.get("stale")?.toLowerCase() === "true",
  };
}

export interface DigestInput {
  username: string;
  password: string;
  realm: string;
  method: string;
  /** The raw request target of the request line, query string included. */
  uri: string;
  nonce: string;
}

/** RFC 2069 response as Buddy checks it: MD5(HA1:nonce:HA2). */
export function rfc2069Response(input: DigestInput): string {
  const ha1 = md5(`${input.username}:${input.realm}:${input.password}`);
  const ha2 = md5(`${input.method}:${input.uri}`);
  return md5(`${ha1}:${input.nonce}:${ha2}`);
}

/** RFC 2617 qop=auth response; `sess` selects MD5-sess (HA1 bound to nonce and cnonce). */
export function rfc2617Response(
  input: DigestInput & { nc: string; cnonce: string; qop: string; sess: boolean },
): string {
  let ha1 = md5(`${input.username}:${input.realm}:${input.password}`);
  if (input.sess) ha1 = md5(`${ha1}:${input.nonce}:${input.cnonce}`);
  const ha2 = md5(`${input.method}:${input.uri}`);
  return md5(`${ha1}:${input.nonce}:${input.nc}:${input.cnonce}:${input.qop}:${ha2}`);
}

export class DigestSession {
  private challenge: DigestChallenge | undefined;
  private nonceCount = 0;

  constructor(
    private readonly username: string,
    private readonly password: string,
    private readonly cnonce: () => string = () => randomBytes(8).toString("hex"),
  ) {}

  get hasChallenge(): boolean {
    return this.challenge !== undefined;
  }

  /** Remembers a new challenge (fresh nonce). */
  accept(challenge: DigestChallenge): void {
    if (challenge.nonce !== this.challenge?.nonce) this.nonceCount = 0;
    this.challenge = challenge;
  }

  forget(): void {
    this.challenge = undefined;
  }

  /** The Authorization header for a request, or undefined before the first challenge. */
  authorize(method: string, uri: string): string | undefined {
    const c = this.challenge;
    if (!c) return undefined;
    const base = {
      username: this.username,
      password: this.password,
      realm: c.realm,
      method,
      uri,
      nonce: c.nonce,
    };
    const qop = c.qop
      ?.split(",")
      .map((q) => q.trim())
      .find((q) => q === "auth");
    if (!qop) {
      // Buddy: exactly the parameters it expects, no algorithm (see module comment).
      return `Digest username="${this.username}", realm="${c.realm}", nonce="${c.nonce}", uri="${uri}", response="${rfc2069Response(base)}"`;
    }
    this.nonceCount += 1;
    const nc = this.nonceCount.toString(16).padStart(8, "0");
    const cnonce = this.cnonce();
    const sess = c.algorithm?.toLowerCase() === "md5-sess";
    const response = rfc2617Response({ ...base, nc, cnonce, qop, sess });
    const parts = [
      `username="${this.username}"`,
      `realm="${c.realm}"`,
      `nonce="${c.nonce}"`,
      `uri="${uri}"`,
      ...(c.algorithm ? [`algorithm=${c.algorithm}`] : []),
      `qop=${qop}`,
      `nc=${nc}`,
      `cnonce="${cnonce}"`,
      `response="${response}"`,
      ...(c.opaque !== undefined ? [`opaque="${c.opaque}"`] : []),
    ];
    return `Digest ${parts.join(", ")}`;
  }
}
