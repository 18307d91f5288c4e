import { describe, expect, it } from "vitest";
import {
  defang,
  hasBidiControls,
  hasControlChars,
  hasControlCharsInText,
  isBlank,
  looksLikeLink,
  nameProblem,
  plainLine,
  plainLines,
  textProblem,
} from "./plain-text";

const C0 = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i));
const C1 = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(0x80 + i));
const BIDI = ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\u200E", "\u200F", "\u061C"];
const ZERO_WIDTH = ["\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF"];

describe("control characters", () => {
  it("finds every C0 and C1 control and DEL in a one-line field, line separators too", () => {
    for (const c of [...C0, "\u007F", ...C1, "\u2028", "\u2029"]) expect(hasControlChars(`Jo${c}Smith`), JSON.stringify(c)).toBe(true);
    expect(hasControlChars("Ngaio Tester-Smith O'Brien")).toBe(false);
  });

  it("allows tab, line feed and carriage return in text over several lines, and nothing else", () => {
    for (const c of ["\t", "\n", "\r"]) expect(hasControlCharsInText(`a${c}b`)).toBe(false);
    for (const c of [...C0.filter((c) => !"\t\n\r".includes(c)), "\u007F", ...C1]) expect(hasControlCharsInText(`a${c}b`), JSON.stringify(c)).toBe(true);
  });

  it("finds bidi controls, and leaves right-to-left writing alone", () => {
    for (const c of BIDI) expect(hasBidiControls(`abc${c}def`), JSON.stringify(c)).toBe(true);
    expect(hasBidiControls("مريم العلي")).toBe(false);
    expect(hasBidiControls("שרה כהן")).toBe(false);
  });
});

describe("isBlank", () => {
  it("is true for nothing, white space and zero-width characters only", () => {
    for (const s of ["", " ", "\u00A0\u3000", ...ZERO_WIDTH, ` ${ZERO_WIDTH.join(" ")} `]) expect(isBlank(s), JSON.stringify(s)).toBe(true);
  });
  it("is false as soon as there is something to read", () => {
    for (const s of ["a", "\u200Ba", "👩🏽‍💻", "e\u0301", "中"]) expect(isBlank(s), JSON.stringify(s)).toBe(false);
  });
});

describe("looksLikeLink", () => {
  const links = [
    "https://evil.example",
    "Claim your prize at https://evil.example",
    "http://x",
    "ftp://files",
    "javascript://x",
    "hxxp://anything",
    "https\uFF1A//evil",
    "https:\\\\evil",
    "www.evil",
    "WWW.Evil.Example",
    "visit www.x now",
    "a@b",
    "me@example.com",
    "Jo \uFF20 home",
    "prize.example.com",
    "Claim at prize.example.com today",
    "evil.click",
    "EVIL.COM",
    "example.com.",
    "(example.com)",
    "example.com/path",
    "xn--80ak6aa92e.com",
    "пример.рф",
    "例え。テスト",
    "evil\uFF0Eexample",
    "evil\u200B.example.com",
    "e\u200Bv\u200Bi\u200Bl.com",
    "192.168.0.1",
    "J.Smith", // the price of catching every host name: see the message
  ];
  for (const s of links) it(`finds ${JSON.stringify(s)}`, () => expect(looksLikeLink(s)).toBe(true));

  const names = [
    "Ngaio Tester",
    "J. Smith",
    "J.R. Smith",
    "Mary-Jane O'Brien",
    "Dr. Aroha Ngata",
    "Ph.D",
    "e.g.",
    "Whangārei Person",
    "李小龙",
    "مريم العلي",
    "Version 2.0",
    "3.14",
    "Anne-Marie St. Clair",
    "👩🏽‍💻 Sam",
    "Sam: hi",
  ];
  for (const s of names) it(`leaves ${JSON.stringify(s)}`, () => expect(looksLikeLink(s)).toBe(false));

  it("stays fast on long input", () => {
    const started = performance.now();
    for (const s of ["a".repeat(50_000), "a.".repeat(25_000), "a-".repeat(25_000), "1.".repeat(25_000), "a.1".repeat(15_000)]) looksLikeLink(s);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe("nameProblem and textProblem", () => {
  it("gives the first problem with a name", () => {
    expect(nameProblem("Ngaio Tester")).toBeUndefined();
    expect(nameProblem("Ngaio\u0000Tester")).toBe("control");
    expect(nameProblem("Ngaio\tTester")).toBe("control");
    expect(nameProblem("Ngaio\nTester")).toBe("control");
    expect(nameProblem("Ngaio\u0085Tester")).toBe("control");
    expect(nameProblem("Ngaio\u202ETester")).toBe("bidi");
    expect(nameProblem("\u200B\u200D")).toBe("blank");
    expect(nameProblem(" \u2060 ")).toBe("blank");
    expect(nameProblem("\uFEFF\u00A0")).toBe("blank");
    expect(nameProblem("Win at prize.example.com")).toBe("link");
    // Empty and spaces only are for the schema's "required".
    expect(nameProblem("")).toBeUndefined();
    expect(nameProblem("   ")).toBeUndefined();
  });

  it("allows web addresses and line breaks in text, not hidden characters", () => {
    expect(textProblem("See https://example.com\r\nand\tthanks")).toBeUndefined();
    expect(textProblem("a\u0000b")).toBe("control");
    expect(textProblem("a\u001Bb")).toBe("control");
    expect(textProblem("a\u009Bb")).toBe("control");
    expect(textProblem("a\u2067b")).toBe("bidi");
  });
});

describe("defang", () => {
  it.each([
    ["Claim your prize at https://evil.example", "Claim your prize at https[:]//evil[.]example"],
    ["http://1.2.3.4/x", "http[:]//1[.]2[.]3[.]4/x"],
    ["see www.evil.com/x?y=1.", "see www[.]evil[.]com/x?y=1."],
    ["www.x", "www[.]x"],
    ["mail win@prize.example.com", "mail win@prize[.]example[.]com"],
    ["prize.example.com", "prize[.]example[.]com"],
    ["evil\uFF0Eexample", "evil[.]example"],
    ["пример.рф", "пример[.]рф"],
    ["https\uFF1A//x", "https[\uFF1A]//x"],
    ["I live in Melbourne.My work", "I live in Melbourne[.]My work"],
  ])("%j → %j", (input, output) => {
    expect(defang(input)).toBe(output);
  });

  it("leaves text without addresses as it is", () => {
    for (const s of ["J. Smith, Ph.D, e.g. 3.14", "Version 2.0 of my notes", "Ngā mihi", "a: b / c"]) expect(defang(s)).toBe(s);
  });

  it("leaves nothing a mail client would link", () => {
    for (const s of ["https://evil.example/a", "go to evil.example now", "WWW.EVIL.COM", "x@evil.example", "ftp://h.example"]) {
      const d = defang(s);
      expect(d).not.toMatch(/:\/\//);
      expect(looksLikeLink(d.replace(/@/g, " "))).toBe(false);
    }
  });
});

describe("plainLine and plainLines", () => {
  it("makes one clean line", () => {
    expect(plainLine(" Ngaio\u0000 \u202ETester\r\n\tSmith\u200B ")).toBe("Ngaio Tester Smith");
    expect(plainLine("a\u2028b\u0085c")).toBe("a b c");
    // Joiners stay: they are part of emoji and some scripts.
    expect(plainLine("👩🏽‍💻")).toBe("👩🏽‍💻");
  });

  it("keeps line breaks, at most one blank line, and drops hidden characters", () => {
    expect(plainLines("  first\r\nsecond \u2066x\u2069\r\r\r\n\n\nthird\u0000\u0007\t!  \n\n")).toBe("first\nsecond x\n\nthird !");
    expect(plainLines("a\u2028b\u2029c")).toBe("a\nb\nc");
  });
});
