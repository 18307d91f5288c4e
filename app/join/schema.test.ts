import { describe, expect, it } from "vitest";
import { wizardContent } from "../content.server";
import { fieldErrors } from "../forms/fields";
import { joinSchema } from "./schema";

const base = { name: "Ngaio Tester", email: "ngaio@example.com", hopes: [], consent: "yes" };
function errors(extra: Record<string, unknown>) {
  const r = joinSchema.safeParse({ ...base, ...extra });
  return r.success ? {} : fieldErrors(r.error);
}

describe("join form: name", () => {
  it("accepts names as people write them", () => {
    for (const name of ["Ngaio Tester", "J. Smith", "Mary-Jane O'Brien", "Whangārei Person", "李小龙", "مريم العلي", "👩🏽‍💻 Sam", "Dr. Aroha Ngata"]) {
      expect(errors({ name }), name).toEqual({});
    }
    const r = joinSchema.safeParse({ ...base, name: "  Sam  " });
    expect(r.success && r.data.name).toBe("Sam");
  });

  it.each([
    ["Ngaio\u0000Tester", "control"],
    ["\u0000", "control"],
    ["Ngaio\tTester", "control"],
    ["Ngaio Tester\n", "control"],
    ["Ngaio\r\nBcc: x@y.com", "control"],
    ["Ngaio\u007F", "control"],
    ["Ngaio\u009B", "control"],
    ["Ngaio\u2028Tester", "control"],
    ["\u202Eretset oiagN", "bidi"],
    ["Ngaio\u2066Tester\u2069", "bidi"],
    ["Ngaio\u200FTester", "bidi"],
    ["Ngaio\u061CTester", "bidi"],
    ["\u200B", "blank"],
    [" \u200C\u200D\u2060 ", "blank"],
    ["\uFEFF", "blank"],
    ["\u3000\uFEFF ", "blank"],
    ["Claim your prize at https://evil.example", "link"],
    ["prize.example.com", "link"],
    ["Sam www.evil", "link"],
    ["sam@example.com", "link"],
    ["Sam (hxxp://x)", "link"],
    ["", "required"],
    ["    ", "required"],
    ["x".repeat(101), "too_long"],
    ["x".repeat(10_000), "too_long"],
  ])("%j: %s", (name, code) => {
    expect(errors({ name }).name).toBe(code);
  });

  it("refuses a missing name as required", () => {
    const r = joinSchema.safeParse({ email: base.email, hopes: [], consent: "yes" });
    expect(r.success ? {} : fieldErrors(r.error).name).toBe("required");
  });
});

describe("join form: note", () => {
  it("allows line breaks, tabs and web addresses", () => {
    expect(errors({ note: "I run meetings.\r\nSee https://example.com\tthanks" })).toEqual({});
  });

  it.each([
    ["a\u0000b", "control"],
    ["a\u0007b", "control"],
    ["a\u001Bb", "control"],
    ["a\u0085b", "control"],
    ["a\u202Eb", "bidi"],
    ["a\u2067b", "bidi"],
    ["n".repeat(1001), "too_long"],
  ])("%j: %s", (note, code) => {
    expect(errors({ note }).note).toBe(code);
  });
});

describe("join form: copy", () => {
  it("has a message for every code the name and note can give", () => {
    for (const code of ["required", "too_long", "control", "bidi", "blank", "link"] as const) expect(wizardContent.join.name.errors[code]).toBeTruthy();
    for (const code of ["too_long", "control", "bidi"] as const) expect(wizardContent.join.note.errors[code]).toBeTruthy();
    expect(wizardContent.join.email.errors.invalid).toContain("name@example.com");
  });
});
