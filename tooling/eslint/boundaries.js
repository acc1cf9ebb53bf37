// Import boundaries between the workspace's packages, checked by `no-restricted-imports`.
// Every package gets `appsAreNotLibraries`; packages add the layers that apply to them:
//   - "vendor-free":   api, farm, web and worker never reach into a vendor folder of the printers package;
//                      vendor knowledge comes from `@printernizer/printers/kinds` (and, in the worker, the registry).
//   - "adapter-free":  the web process (api, farm, web) never loads a protocol adapter (mqtt, FTP, the registry).
//   - "trpc-free":     domain functions (farm) never import the tRPC layer.

const appsAreNotLibraries = {
  group: [
    "@printernizer/web",
    "@printernizer/web/*",
    "@printernizer/worker",
    "@printernizer/worker/*",
    "@printernizer/launcher",
    "@printernizer/launcher/*",
    "@printernizer/bench",
    "@printernizer/bench/*",
  ],
  message: "Apps are processes, not libraries: move what you need into a package under packages/.",
};

const layers = {
  "vendor-free": [
    {
      group: [
        "@printernizer/printers/bambu",
        "@printernizer/printers/bambu/*",
        "@printernizer/printers/prusalink",
        "@printernizer/printers/prusalink/*",
        "@printernizer/printers/src/*",
      ],
      message:
        "Vendor folders are private to the printers package: use @printernizer/printers/kinds (metadata, capabilities) or the registry in the worker.",
    },
  ],
  "adapter-free": [
    {
      group: ["@printernizer/printers/registry", "mqtt", "basic-ftp", "undici"],
      message: "The web process never loads protocol adapters: only the worker talks to printers.",
    },
  ],
  "trpc-free": [
    {
      group: ["@trpc/*", "@printernizer/api", "@printernizer/api/*"],
      message:
        "Domain functions never import the tRPC layer: take an AuthSession, throw domain errors, let routers translate.",
    },
  ],
};

/** A flat-config entry restricting imports for the given layers (always including the apps rule). */
export function boundaries(...layerNames) {
  const patterns = [appsAreNotLibraries, ...layerNames.flatMap((name) => layers[name] ?? unknownLayer(name))];
  return { rules: { "no-restricted-imports": ["error", { patterns }] } };
}

function unknownLayer(name) {
  throw new Error(`Unknown import boundary layer "${name}" (known: ${Object.keys(layers).join(", ")})`);
}
