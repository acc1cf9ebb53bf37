// Runs once when the Next server starts, before it handles a request.
export async function register() {
  // eslint-disable-next-line no-restricted-properties -- Next's own runtime marker (replaced at build time), not configuration
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Every request gets the client address resolved from its socket and the trusted proxies
    // (PRINTERNIZER_TRUSTED_PROXIES) in a header only the server writes: Next keeps a client-sent
    // X-Forwarded-For as it is, so without this a client could name any address it likes.
    // Route handlers and procedures read it with `clientAddress(headers)`.
    const { installClientAddressHeader, parseTrustedProxies } =
      await import("@printernizer/auth/client-address");
    const { serverEnv } = await import("./env");
    let trusted: ReturnType<typeof parseTrustedProxies> | undefined;
    installClientAddressHeader(
      () => (trusted ??= parseTrustedProxies(serverEnv().PRINTERNIZER_TRUSTED_PROXIES)),
    );
  }
}
