import { installClientAddressHeader, parseTrustedProxies, type TrustedProxies } from "@printernizer/auth";
import { serverEnv } from "~/env";

let trusted: TrustedProxies | undefined;

/**
 * Every request gets the client address resolved from its socket and the trusted proxies
 * (PRINTERNIZER_TRUSTED_PROXIES) in a header only the server writes: Next keeps a client-sent
 * X-Forwarded-For as it is, so without this a client could name any address it likes.
 */
export function installPeerAddressStamp(): void {
  installClientAddressHeader(() => (trusted ??= parseTrustedProxies(serverEnv().PRINTERNIZER_TRUSTED_PROXIES)));
}
