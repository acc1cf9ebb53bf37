import { describe, expect, it } from "vitest";
import { parseBenchArgs } from "../bench-options";
import { explainInstallFailure } from "./fdm-install";

describe("--peer", () => {
  it("takes fdm-monster, with or without --peer-only", () => {
    expect(parseBenchArgs(["--peer", "fdm-monster"])).toMatchObject({ peer: "fdm-monster", peerOnly: false });
    expect(parseBenchArgs(["--peer", "fdm-monster", "--peer-only"])).toMatchObject({ peerOnly: true });
    expect(parseBenchArgs([])).toMatchObject({ peerOnly: false });
    expect(parseBenchArgs([])).not.toHaveProperty("peer", expect.anything());
  });

  it("refuses another peer, and --peer-only alone, in words", () => {
    expect(() => parseBenchArgs(["--peer", "octofarm"])).toThrow('--peer: the one peer is "fdm-monster"');
    expect(() => parseBenchArgs(["--peer-only"])).toThrow("--peer-only needs --peer fdm-monster");
  });
});

describe("a failed install of the peer", () => {
  it("says why: a version missing from the registry, no network, or the SQLite driver's compile", () => {
    expect(
      explainInstallFailure(
        "npm error code ETARGET\nnpm error No matching version found for @fdm-monster/client-next@2.4.2.",
      ),
    ).toContain("@fdm-monster/client-next@2.4.2");
    expect(explainInstallFailure("npm error code EAI_AGAIN")).toContain("could not be reached");
    expect(explainInstallFailure("gyp ERR! stack Error: not found: make")).toContain("python3, make");
    expect(explainInstallFailure("something else")).toBe("see npm's output above");
  });
});
