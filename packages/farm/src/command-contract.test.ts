import { describe, expect, it } from "vitest";
import { CommandKind } from "@printernizer/db";
import {
  checkCommandResult,
  commandContract,
  CommandPayloadError,
  parseCommandPayload,
  parseCommandResult,
} from "./command-contract";

const sealed = "v1:sealed-credentials";

describe("command payloads: checked by kind when requested and when claimed", () => {
  it("refuses a download without a file path with a message a person can read", () => {
    expect(() => parseCommandPayload("download_file", {})).toThrow(CommandPayloadError);
    expect(() => parseCommandPayload("download_file", {})).toThrow(
      "The download_file command's payload does not fit: path: Which file? The command has no file path.",
    );
    expect(() => parseCommandPayload("download_file", { path: "" })).toThrow(/path: Which file\?/);
    expect(() => parseCommandPayload("download_file", { path: "x".repeat(5_000) })).toThrow(
      /path: The file path is too long/,
    );
  });

  it("refuses a connection test missing its kind, host or credentials, naming each", () => {
    const error = (() => {
      try {
        parseCommandPayload("test_connection", { port: 80 });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toBe(
      "The test_connection command's payload does not fit: kind: The connection test has no printer kind.; host: The connection test has no host.; credentials: The connection test has no credentials.",
    );
    expect(() =>
      parseCommandPayload("test_connection", {
        kind: "prusalink",
        host: "10.0.0.5",
        port: 70_000,
        credentials: sealed,
      }),
    ).toThrow(/port:/);
  });

  it("refuses a payload that is not an object, even for a kind that carries nothing", () => {
    expect(() => parseCommandPayload("pause", [1, 2])).toThrow(/pause command's payload does not fit/);
    expect(() => parseCommandPayload("cancel", "garbage")).toThrow(CommandPayloadError);
  });

  it("accepts what the web sends, and a missing payload for kinds without fields", () => {
    expect(parseCommandPayload("pause", undefined)).toEqual({});
    expect(parseCommandPayload("refresh_files", {})).toEqual({});
    expect(parseCommandPayload("download_file", { path: "/usb/cube.bgcode" })).toEqual({
      path: "/usb/cube.bgcode",
    });
    const test = {
      kind: "bambu",
      host: "10.0.0.5",
      port: null,
      serial: "01S00A",
      model: null,
      credentials: sealed,
      settings: { mqttPort: 8883 },
    };
    expect(parseCommandPayload("test_connection", test)).toEqual(test);
  });

  it("has a payload and a result schema for every kind of the database enum", () => {
    expect(Object.keys(commandContract).sort()).toEqual(Object.values(CommandKind).sort());
  });
});

describe("command results", () => {
  it("reads a stored connection test result, and null for an absent or foreign one", () => {
    const failure = { ok: false, reason: "unreachable", message: "Could not connect to the printer." };
    expect(parseCommandResult("test_connection", failure)).toEqual(failure);
    expect(parseCommandResult("test_connection", { ok: true, identity: { model: "MK4" } })).toEqual({
      ok: true,
      identity: { model: "MK4" },
    });
    expect(parseCommandResult("test_connection", null)).toBeNull();
    expect(parseCommandResult("test_connection", { ok: "maybe" })).toBeNull();
    expect(
      parseCommandResult("download_file", { sha256: "ab", size: 3, fileName: "a.gcode", reused: false }),
    ).toMatchObject({ reused: false });
  });

  it("reconnect carries nothing and records whether the attempt connected", () => {
    expect(parseCommandPayload("reconnect", undefined)).toEqual({});
    expect(checkCommandResult("reconnect", { connected: true })).toEqual({ connected: true });
    expect(
      checkCommandResult("reconnect", {
        connected: false,
        message: "The printer did not answer at 192.168.1.40 (connection refused).",
      }),
    ).toMatchObject({ connected: false });
    expect(() => checkCommandResult("reconnect", {})).toThrow(/reconnect command's result does not fit/);
  });

  it("refuses to record a result that does not fit its kind (a worker bug)", () => {
    expect(() => checkCommandResult("refresh_files", { files: -1 })).toThrow(
      /refresh_files command's result does not fit: files:/,
    );
    expect(checkCommandResult("pause", undefined)).toEqual({});
  });
});
