import { describe, expect, it } from "vitest";
import { hasFormErrors, prefixTitle } from "./error-title.server";

describe("hasFormErrors", () => {
  it("is true only when some route's action data has at least one field error", () => {
    expect(hasFormErrors({ "routes/eligibility.$step": { errors: { place: "Enter a postcode" }, values: {} } })).toBe(true);
    expect(hasFormErrors({ a: null, b: { errors: { email: "Enter an email address" } } })).toBe(true);
    expect(hasFormErrors({ "routes/eligibility.$step": { errors: {}, values: {} } })).toBe(false);
    expect(hasFormErrors({ "routes/join": { ok: true } })).toBe(false);
    expect(hasFormErrors(null)).toBe(false);
    expect(hasFormErrors(undefined)).toBe(false);
  });
});

describe("prefixTitle", () => {
  const page = (title: string) => Buffer.from(`<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>x</h1></body></html>`);

  it("puts the prefix at the start of the title, once", () => {
    const once = prefixTitle(page("Where are you? – PWCOP"), "Error: ");
    expect(once.toString()).toContain("<title>Error: Where are you? – PWCOP</title>");
    expect(prefixTitle(once, "Error: ").equals(once)).toBe(true);
  });

  it("escapes the prefix and leaves pages without a title alone", () => {
    expect(prefixTitle(page("T"), "<Error> & ").toString()).toContain("<title>&lt;Error&gt; &amp; T</title>");
    const none = Buffer.from("<p>no title</p>");
    expect(prefixTitle(none, "Error: ")).toBe(none);
  });
});
