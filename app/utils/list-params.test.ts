import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { oneOf, page, PAGE_MAX, readListParams, SORT_DIRS, text } from "./list-params";

const read = (query: string) =>
  readListParams(new URLSearchParams(query), {
    page: page(),
    sort: oneOf(["name", "members"] as const, "name"),
    dir: oneOf(SORT_DIRS, "asc"),
    status: oneOf(["open", "full"] as const),
    actor: text(100),
  });

describe("readListParams", () => {
  it("defaults: page 1, the default sort and direction, no filter", () => {
    expect(read("")).toEqual({ page: 1, sort: "name", dir: "asc", status: undefined, actor: undefined });
  });

  it("keeps values that are allowed", () => {
    expect(read("page=3&sort=members&dir=desc&status=full&actor=%20ruth%20")).toEqual({ page: 3, sort: "members", dir: "desc", status: "full", actor: "ruth" });
  });

  it("page: a whole number 1..PAGE_MAX; anything else is 1, and more is the cap", () => {
    const cases: Array<[string, number]> = [
      ["0", 1],
      ["-1", 1],
      ["1.5", 1],
      ["1e3", 1],
      ["abc", 1],
      ["", 1],
      ["０１", 1],
      ["0007", 7],
      [String(PAGE_MAX), PAGE_MAX],
      [String(PAGE_MAX + 1), PAGE_MAX],
      ["99999999999999999999", PAGE_MAX],
      ["9".repeat(400), PAGE_MAX],
      ["9".repeat(401), 1],
    ];
    for (const [raw, want] of cases) expect(page().read(raw), raw).toBe(want);
  });

  it("sort, dir and filters outside their allow-lists are their defaults; the first of a repeated parameter counts", () => {
    expect(read("sort=members;DROP&dir=DESC&status=Open")).toMatchObject({ sort: "name", dir: "asc", status: undefined });
    expect(read("status=full&status=open&page=2&page=9")).toMatchObject({ status: "full", page: 2 });
  });

  it("text: trimmed, no control characters, at most max characters", () => {
    expect(text(5).read("  a\u0000b\tc\u009fd  ")).toBe("abcd");
    expect(text(3).read("😀😀😀😀")).toBe("😀😀😀");
    expect(text(3).read("\u0001\u0002")).toBeUndefined();
  });

  it("any query string gives values inside their bounds", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom("page", "sort", "dir", "status", "actor", "x"), fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.bigInt().map(String))), (q) => {
        const v = read(new URLSearchParams(q).toString());
        expect(Number.isSafeInteger(v.page) && v.page >= 1 && v.page <= PAGE_MAX).toBe(true);
        expect(["name", "members"]).toContain(v.sort);
        expect(SORT_DIRS).toContain(v.dir);
        expect([undefined, "open", "full"]).toContain(v.status);
        expect(v.actor === undefined || (Array.from(v.actor).length <= 100 && !/[\u0000-\u001f]/.test(v.actor))).toBe(true);
      }),
      { seed: 13, numRuns: 300 },
    );
  });
});
