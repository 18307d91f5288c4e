import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { JOIN_REQUEST_STATUSES } from "../machines/join-request";
import { GROUP_FORMATS, GROUP_STATUSES } from "../machines/matching";
import { sqlIn, sqlStatus, sqlText } from "./sql-vocabulary";

const ROOT = path.resolve(__dirname, "..");
/** Where queries are written. */
const SCANNED = ["app", "db", "server"];
/** Migrations are history (their CHECK lists say what the schema was); this helper is the one place allowed to quote. */
const EXCLUDED = new Set(["db/migrations.ts", "db/sql-vocabulary.ts"]);

/** The app's own source files (no tests or test fixtures, no migrations), relative to the repository. */
function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (/\.tsx?$/.test(entry.name) && !/\.(test|fixture)\.tsx?$/.test(entry.name) && !EXCLUDED.has(rel)) out.push(rel);
    }
  };
  for (const dir of SCANNED) walk(dir);
  return out;
}

/**
 * Each line of `text` where one of `words` is written as an SQL string
 * literal ('new'). The code's own strings use double quotes, so a single-quoted
 * word is SQL (or a comment quoting it, which should not spell it either).
 */
function quotedWords(text: string, words: readonly string[]): { line: number; word: string }[] {
  const pattern = new RegExp(`'(${words.join("|")})'`, "g");
  return text.split("\n").flatMap((l, i) => [...l.matchAll(pattern)].map((m) => ({ line: i + 1, word: m[1]! })));
}

/** Lines that set or default a capacity to the number 12 (machines/matching.ts DEFAULT_CAPACITY is the one place). */
function capacityTwelves(text: string): number[] {
  return text.split("\n").flatMap((l, i) => (/capacity/i.test(l) && /(?<![\d.:])12(?![\d.:])/.test(l) ? [i + 1] : []));
}

const VOCABULARY = [...JOIN_REQUEST_STATUSES, ...GROUP_STATUSES, ...GROUP_FORMATS];

describe("the vocabulary in SQL", () => {
  it("quotes only fixed words of the vocabulary", () => {
    expect(sqlIn(["new", "meet_first"])).toBe("'new', 'meet_first'");
    expect(sqlText("closed")).toBe("'closed'");
    expect(sqlStatus("waiting_list")).toBe("'waiting_list'");
    expect(() => sqlText("x' OR '1' = '1")).toThrow();
    expect(() => sqlText("")).toThrow();
    expect(() => sqlIn([])).toThrow();
  });

  it("the scans find what they look for", () => {
    expect(quotedWords(`db.prepare("SELECT 1 FROM join_requests WHERE status IN ('new', 'meet_first')")`, VOCABULARY)).toEqual([
      { line: 1, word: "new" },
      { line: 1, word: "meet_first" },
    ]);
    expect(quotedWords(`x\n  \`WHERE format = 'hybrid'\``, VOCABULARY)).toEqual([{ line: 2, word: "hybrid" }]);
    expect(quotedWords(`status === "new" && sqlIn(OPEN_STATUSES)`, VOCABULARY)).toEqual([]);
    expect(capacityTwelves(`const defaults = { capacity: "12" };\nconst NEW_GROUP_CAPACITY = 12;\ncapacity: 120, start: "12:00"`)).toEqual([1, 2]);
    expect(capacityTwelves(`capacity: DEFAULT_CAPACITY`)).toEqual([]);
  });

  it("no query in app/, db/ or server/ spells a request status, group status or format: it reads the constants through db/sql-vocabulary.ts", () => {
    const files = sourceFiles();
    expect(files).toContain("db/queries/join-requests.ts");
    const found = files.flatMap((f) => quotedWords(fs.readFileSync(path.join(ROOT, f), "utf8"), VOCABULARY).map((h) => `${f}:${h.line} '${h.word}'`));
    expect(found).toEqual([]);
  });

  it("the default capacity (12) is written only in machines/", () => {
    const found = sourceFiles().flatMap((f) => capacityTwelves(fs.readFileSync(path.join(ROOT, f), "utf8")).map((line) => `${f}:${line}`));
    expect(found).toEqual([]);
  });
});
