import { describe, expect, it } from "vitest";
import { sizeWords } from "./size-words";

describe("sizeWords", () => {
  it("names bytes the way people read them", () => {
    expect(sizeWords(1024 ** 3)).toBe("1 GiB");
    expect(sizeWords(1.5 * 1024 ** 3)).toBe("1.5 GiB");
    expect(sizeWords(40 * 1024 ** 2)).toBe("40 MiB");
    expect(sizeWords(3_500_000)).toBe("3.3 MiB");
    expect(sizeWords(512 * 1024)).toBe("512 KiB");
    expect(sizeWords(900)).toBe("900 B");
  });
});
