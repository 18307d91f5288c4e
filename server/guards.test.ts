import type { Request } from "express";
import { describe, expect, it } from "vitest";
import { isLoopbackName, postOrigin, trustProxyWarning } from "./guards";

const post = (headers: Record<string, string>) => ({ headers: { host: "pwcop.example", ...headers } }) as unknown as Request;

describe("postOrigin", () => {
  it("takes the browser's Sec-Fetch-Site over Origin", () => {
    expect(postOrigin(post({ "sec-fetch-site": "same-origin", origin: "null" }))).toEqual({ ok: true });
    expect(postOrigin(post({ "sec-fetch-site": "same-origin", origin: "https://elsewhere.example" }))).toEqual({ ok: true });
    expect(postOrigin(post({ "sec-fetch-site": "none" }))).toEqual({ ok: true });
    expect(postOrigin(post({ "sec-fetch-site": "cross-site", origin: "https://pwcop.example" }))).toEqual({ ok: false, reason: "sec-fetch-site cross-site" });
    expect(postOrigin(post({ "sec-fetch-site": "same-site", origin: "https://other.pwcop.example" }))).toEqual({ ok: false, reason: "sec-fetch-site same-site" });
  });

  it("without Sec-Fetch-Site, decides by Origin: absent or ours is accepted, null, foreign or unreadable refused", () => {
    expect(postOrigin(post({}))).toEqual({ ok: true });
    expect(postOrigin(post({ origin: "https://pwcop.example" }))).toEqual({ ok: true });
    expect(postOrigin(post({ origin: "null" }))).toEqual({ ok: false, reason: "origin null" });
    expect(postOrigin(post({ origin: "https://elsewhere.example" }))).toEqual({ ok: false, reason: "foreign origin" });
    expect(postOrigin(post({ origin: "::::" }))).toEqual({ ok: false, reason: "foreign origin" });
    // An unknown Sec-Fetch-Site value tells nothing: Origin decides.
    expect(postOrigin(post({ "sec-fetch-site": "sideways", origin: "null" }))).toEqual({ ok: false, reason: "origin null" });
  });
});

describe("trustProxyWarning", () => {
  it("warns about a hop count or true while listening beyond loopback, and nothing else", () => {
    expect(trustProxyWarning(1, "0.0.0.0")).toMatch(/^TRUST_PROXY=1 while listening on 0\.0\.0\.0: a client that connects directly/);
    expect(trustProxyWarning(true, "192.0.2.10")).toMatch(/^TRUST_PROXY=true/);
    expect(trustProxyWarning(2, "::")).toBeTruthy();
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "::1"]) expect(trustProxyWarning(1, host), host).toBeUndefined();
    expect(trustProxyWarning(false, "0.0.0.0")).toBeUndefined();
    expect(trustProxyWarning(0, "0.0.0.0")).toBeUndefined();
    expect(trustProxyWarning("loopback", "0.0.0.0")).toBeUndefined();
    expect(trustProxyWarning("10.0.0.0/8", "0.0.0.0")).toBeUndefined();
  });
});

describe("isLoopbackName", () => {
  it("is localhost, 127.0.0.1 or [::1], with any port, in any case", () => {
    for (const host of ["localhost", "LOCALHOST:3000", "127.0.0.1:8080", "[::1]", "[::1]:3000", "localhost."]) expect(isLoopbackName(host), host).toBe(true);
    for (const host of ["localhost.pwcop.example", "127.0.0.2", "pwcop.example", "[::2]:3000"]) expect(isLoopbackName(host), host).toBe(false);
  });
});
