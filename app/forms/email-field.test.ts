import fc from "fast-check";
import * as z from "zod/mini";
import { describe, expect, it } from "vitest";
import { newsletterSchema } from "../newsletter/schema";
import { recheckSchema } from "../recheck/schema";
import { joinSchema } from "../join/schema";
import { saveLinkSchema } from "../eligibility/save-schema";
import { emailField, fieldErrors, isPlainMailbox } from "./fields";

const form = z.object({ email: emailField });
/** The error code the field gives, or "ok" with the value it keeps. */
function check(email: string): string {
  const r = form.safeParse({ email });
  return r.success ? `ok:${r.data.email}` : fieldErrors(r.error).email!;
}

describe("emailField: one plain mailbox", () => {
  const valid = [
    "name@example.com",
    "fuzz.tester@example.test",
    "Fuzz.Tester@EXAMPLE.test",
    "a@b.co",
    "first.last+tag@sub.domain.example.org",
    "o'brien@example.ie",
    "x_y-z@e-x.example",
    "!#$%&'*+/=?^_`{|}~-@example.com",
    "1234567890@123.example.com",
    "a@xn--80ak6aa92e.com",
    `${"l".repeat(64)}@example.com`,
    `a@${"d".repeat(63)}.com`,
  ];
  for (const email of valid) it(`accepts ${JSON.stringify(email)}`, () => expect(check(email)).toBe(`ok:${email}`));

  it("trims white space around the address", () => {
    expect(check("  name@example.com\t")).toBe("ok:name@example.com");
  });

  const invalid = [
    // display names and angle brackets
    "a<victim@x.com>",
    "Name <name@example.com>",
    "<name@example.com>",
    '"Name" <name@example.com>',
    // lists and groups
    "x<postmaster>,v@e.com",
    "a@b.com,c@d.com",
    "a@b.com;c@d.com",
    "a@b.com, c@d.com",
    "a@b.com c@d.com",
    "group: a@b.com;",
    "a@b@c.com",
    // comments and quotes
    "name(comment)@example.com",
    "name@example.com(comment)",
    '"quoted"@example.com',
    '"a b"@example.com',
    "a\\@b@example.com",
    // dots in the wrong places
    ".name@example.com",
    "name.@example.com",
    "na..me@example.com",
    "name@.example.com",
    "name@example..com",
    "name@example.com.",
    // domains
    "name@example",
    "name@localhost",
    "name@-example.com",
    "name@example-.com",
    "name@exa_mple.com",
    "name@example.c",
    "name@example.c0m",
    "name@example.123",
    "name@[127.0.0.1]",
    "name@127.0.0.1",
    `a@${"d".repeat(64)}.com`,
    // not ASCII
    "náme@example.com",
    "name@exämple.com",
    "name@example.com\u200B",
    "name\uFF20example.com",
    // spaces and control characters inside
    "na me@example.com",
    "name@exa mple.com",
    "name@example.com\r\nBcc: victim@x.com",
    "name@example.com\nBcc:victim@x.com",
    "name\u0000@example.com",
    "name@example.com\u0000",
    "name\t@example.com",
    "name@example.com\u007F",
    "name\u0085@example.com",
    "\u202Emoc.elpmaxe@eman",
    // nearly addresses
    "a@b",
    "a@b.",
    "x@y.z",
    "@example.com",
    "name@",
    "no@",
    "@",
    "nope",
    "mailto:name@example.com",
    "http://example.com",
    `${"l".repeat(65)}@example.com`,
  ];
  for (const email of invalid) it(`refuses ${JSON.stringify(email)} as invalid`, () => expect(check(email)).toBe("invalid"));

  it("says required for nothing, and too_long past 254 characters", () => {
    expect(check("")).toBe("required");
    expect(check("   ")).toBe("required");
    const at254 = `${"a".repeat(64)}@${"b".repeat(61)}.${"c".repeat(61)}.${"d".repeat(61)}.com`;
    expect(at254).toHaveLength(254);
    expect(check(at254)).toBe(`ok:${at254}`);
    expect(check(`${"a".repeat(64)}@${"b".repeat(62)}.${"c".repeat(61)}.${"d".repeat(61)}.com`)).toBe("too_long");
    expect(check(`a@${"b".repeat(10_000)}`)).toBe("too_long");
  });

  it("checks 10,000 characters quickly", () => {
    const started = performance.now();
    for (const s of ["a".repeat(10_000), `a@${"b-".repeat(5_000)}`, `${"a.".repeat(5_000)}@b.com`]) expect(isPlainMailbox(s)).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it("accepts generated plain addresses, and refuses each of them dressed up as a display name, a list or a comment (fixed seed)", () => {
    const plain = fc.emailAddress().filter((e) => e.length <= 254 && /\.[A-Za-z]{2,63}$/.test(e));
    const dressed = fc.constantFrom(
      (e: string) => `a<${e}>`,
      (e: string) => `Name <${e}>`,
      (e: string) => `x<postmaster>,${e}`,
      (e: string) => `${e},c@d.com`,
      (e: string) => `${e};c@d.com`,
      (e: string) => `${e} c@d.com`,
      (e: string) => `${e}(comment)`,
      (e: string) => `"${e}"`,
      (e: string) => `${e}\r\nBcc: c@d.com`,
      (e: string) => `${e}\u0000`,
      (e: string) => `${e}.`,
      (e: string) => `${e}@d.com`,
      (e: string) => e.replace("@", " @"),
    );
    fc.assert(
      fc.property(plain, dressed, (e, dress) => {
        expect(check(e)).toBe(`ok:${e}`);
        expect(check(dress(e))).toMatch(/^(invalid|too_long)$/);
      }),
      { seed: 20_251_123, numRuns: 500 },
    );
  });

  it("is what every form with an email field uses", () => {
    const tricky = "a<victim@x.com>";
    const errorsOf = (schema: { safeParse(v: unknown): { success: boolean; error?: z.core.$ZodError } }, value: Record<string, unknown>) => {
      const r = schema.safeParse(value);
      return r.success ? {} : fieldErrors(r.error!);
    };
    expect(errorsOf(joinSchema, { name: "Sam", email: tricky, hopes: [], consent: "yes" }).email).toBe("invalid");
    expect(errorsOf(newsletterSchema, { email: tricky, interests: ["new_groups"] }).email).toBe("invalid");
    expect(errorsOf(saveLinkSchema, { email: tricky }).email).toBe("invalid");
    expect(errorsOf(recheckSchema, { email: tricky, months: "3" }).email).toBe("invalid");
  });
});
