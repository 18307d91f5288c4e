import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { acceptsGzip, compressPage } from "./compress.server";

const page = Buffer.from(`<!DOCTYPE html><html lang="en-AU"><body>${"<p>Process Work Communities of Practice</p>".repeat(100)}</body></html>`);

describe("acceptsGzip", () => {
  it.each([
    ["gzip, deflate, br", true],
    ["GZIP;Q=0.5, br", true],
    ["*", true],
    ["*;q=0, gzip", true],
    ["gzip;q=0, br", false],
    ["*;q=0", false],
    ["deflate, br", false],
    ["identity", false],
    ["", false],
    [null, false],
  ])("%j → %s", (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});

describe("compressPage", () => {
  it("gzips pages for clients that accept it, and they come back whole", () => {
    const gz = compressPage(page, "gzip, deflate, br");
    expect(gz.encoding).toBe("gzip");
    expect(gz.body.length).toBeLessThan(page.length / 4);
    expect(gunzipSync(gz.body).equals(page)).toBe(true);
  });

  it("leaves small pages, and clients that do not accept gzip, as they are", () => {
    const small = Buffer.from("<p>hello</p>");
    expect(compressPage(small, "gzip")).toEqual({ encoding: "identity", body: small });
    expect(compressPage(page, "br")).toEqual({ encoding: "identity", body: page });
  });
});
