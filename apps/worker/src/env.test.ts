import { describe, expect, it } from "vitest";
import { generateSecretKey } from "@printernizer/db/secrets";
import { loadWorkerEnv } from "./env";

const required = {
  DATABASE_URL: "postgresql://localhost:5432/printernizer",
  PRINTERNIZER_SECRET: generateSecretKey(),
};

describe("the worker's offline settings", () => {
  it("default to a 60 s offline grace and a refused login tried again every 5 minutes", () => {
    const env = loadWorkerEnv(required);
    expect(env.PRINTERNIZER_OFFLINE_GRACE_SECONDS).toBe(60);
    expect(env.PRINTERNIZER_AUTH_RETRY_SECONDS).toBe(300);
  });

  it("read both from the environment", () => {
    const env = loadWorkerEnv({
      ...required,
      PRINTERNIZER_OFFLINE_GRACE_SECONDS: "2",
      PRINTERNIZER_AUTH_RETRY_SECONDS: "30",
    });
    expect(env.PRINTERNIZER_OFFLINE_GRACE_SECONDS).toBe(2);
    expect(env.PRINTERNIZER_AUTH_RETRY_SECONDS).toBe(30);
  });
});
