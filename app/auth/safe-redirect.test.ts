import { describe, expect, it } from "vitest";
import { REDIRECT_MAX, safeRedirect } from "./safe-redirect";

const HOME = "/convenor";

describe("safeRedirect", () => {
  it("keeps a path on this site, with its query and fragment", () => {
    for (const to of ["/account", "/account?x=1", "/convenor/requests/12?done=accepted#answer", "/staff/requests?group=hobart&sort=group&dir=asc", "/%E2%82%AC", "/a%5Cb", "/"]) {
      expect(safeRedirect(to, HOME), to).toBe(to);
    }
  });

  it("ignores anything else: the default page instead", () => {
    const refused = [
      null,
      undefined,
      "",
      "account",
      "https://evil.example/",
      "javascript:alert(1)",
      "//evil.example/",
      "/\\evil.example/",
      "/\t/evil.example/",
      "/\n/evil.example/",
      "/\r/evil.example",
      "/\t\\evil.example/",
      "/ /evil.example",
      "/a b",
      "/\u0000",
      "/\u007f",
      "/caf\u00e9",
      "/\u0100",
      "/\u20ac",
      "/\u{1f600}",
      "/\u202e",
      "/\ufeff",
      `/${"a".repeat(REDIRECT_MAX)}`,
    ];
    for (const to of refused) expect(safeRedirect(to, HOME), JSON.stringify(to)).toBe(HOME);
  });

  it("every path it keeps can go into a Location header", () => {
    for (let c = 0; c <= 0x2000; c++) {
      const to = `/x${String.fromCharCode(c)}y`;
      const kept = safeRedirect(to, HOME);
      expect(() => new Headers({ Location: kept })).not.toThrow();
      if (kept !== HOME) expect(c >= 0x21 && c <= 0x7e && c !== 0x5c).toBe(true);
    }
  });
});
