// Runs once when the Next server starts, before it handles a request.
export async function register() {
  // eslint-disable-next-line no-restricted-properties -- Next's own runtime marker (replaced at build time), not configuration
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { installPeerAddressStamp } = await import("./server/client-address");
    installPeerAddressStamp();
  }
}
