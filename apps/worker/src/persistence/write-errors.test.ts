import { describe, expect, it } from "vitest";
import { classifyWriteError } from "./write-errors";

// Shapes as Prisma 7 with @prisma/adapter-pg throws them (recorded from a real database).
const prismaError = (code: string, message: string, cause?: object) =>
  Object.assign(new Error(message), {
    name: "PrismaClientKnownRequestError",
    code,
    meta: cause ? { driverAdapterError: { name: "DriverAdapterError", message: "x", cause } } : {},
  });

describe("classifyWriteError", () => {
  it("rejects data the database refuses, with its SQLSTATE and its own words", () => {
    const nul = prismaError(
      "P2010",
      "\nInvalid `prisma.$executeRawUnsafe()` invocation:\n\nRaw query failed. Code: `22P05`.",
      {
        originalCode: "22P05",
        originalMessage: "unsupported Unicode escape sequence",
        kind: "postgres",
        code: "22P05",
      },
    );
    expect(classifyWriteError(nul)).toEqual({
      class: "rejected",
      sqlState: "22P05",
      message: "unsupported Unicode escape sequence",
    });
    const range = prismaError("P2010", "Raw query failed. Code: `22003`.", {
      originalCode: "22003",
      originalMessage: 'value "2147483648" is out of range for type integer',
      kind: "ValueOutOfRange",
    });
    expect(classifyWriteError(range)).toMatchObject({ class: "rejected", sqlState: "22003" });
    expect(
      classifyWriteError(
        prismaError("P2002", "Unique constraint failed", {
          originalCode: "23505",
          kind: "UniqueConstraintViolation",
        }),
      ),
    ).toMatchObject({ class: "rejected" });
  });

  it("retries when the database is away, shutting down or asks for a retry", () => {
    expect(
      classifyWriteError(
        prismaError("P1001", "Can't reach database server at 127.0.0.1:1", {
          kind: "DatabaseNotReachable",
          host: "127.0.0.1",
          port: 1,
        }),
      ).class,
    ).toBe("transient");
    for (const state of ["57P01", "57P03", "08006", "53300", "40001", "40P01"]) {
      expect(
        classifyWriteError(
          prismaError("P2010", "failed", { originalCode: state, kind: "postgres", code: state }),
        ),
      ).toMatchObject({ class: "transient", sqlState: state });
    }
    expect(
      classifyWriteError(
        Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
      ).class,
    ).toBe("transient");
    expect(classifyWriteError(new Error("Connection terminated unexpectedly")).class).toBe("transient");
    expect(
      classifyWriteError(
        prismaError("P2028", "Transaction API error: Unable to start a transaction in the given time."),
      ).class,
    ).toBe("transient");
  });

  it("tells a transaction that outlived its limit apart", () => {
    const expired = prismaError(
      "P2028",
      "\nInvalid `prisma.$executeRawUnsafe()` invocation:\n\n\nTransaction API error: A query cannot be executed on an expired transaction. The timeout for this transaction was 5000 ms, however 6728 ms passed since the start of the transaction.",
    );
    const result = classifyWriteError(expired);
    expect(result.class).toBe("timeout");
    expect(result.message).toMatch(
      /^Transaction API error: A query cannot be executed on an expired transaction/,
    );
    expect(
      classifyWriteError(prismaError("P2010", "x", { originalCode: "57014", kind: "postgres" })).class,
    ).toBe("timeout");
  });

  it("calls anything else unknown", () => {
    expect(classifyWriteError(new Error("something odd")).class).toBe("unknown");
    expect(classifyWriteError("a string").class).toBe("unknown");
  });
});
