/**
 * CSV exports: RFC 4180 quoting, formula-like cells neutralised, the
 * purpose → columns table, and the batched chunks parsed back, against a
 * real (temporary) SQLite file.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DB } from "../../db/client";
import { createJoinRequest } from "../../db/queries/join-requests";
import { getGroupBySlug } from "../../db/queries/groups";
import { migrate } from "../../db/migrate";
import { seedDemoData } from "../../db/seed";
import { BATCH, BOM, columnHeaders, columnsFor, csvBody, csvCell, csvLine, EXPORT_KINDS, exportChunks, exportRowCount, neutralise, PURPOSE_COLUMNS, purposesFor, readExportAsk } from "./exports.server";
import { staffContent } from "./content.server";
import { parseCsv } from "../../tests/support/csv";

describe("csvCell", () => {
  it("leaves plain text and numbers alone", () => {
    expect(csvCell("Hobart")).toBe("Hobart");
    expect(csvCell(12)).toBe("12");
    expect(csvCell(-37.8)).toBe("-37.8");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(Number.NaN)).toBe("");
  });

  it("quotes commas, quotes and line breaks (RFC 4180), doubling quotes", () => {
    expect(csvCell("a, b")).toBe('"a, b"');
    expect(csvCell('She said "hi"')).toBe('"She said ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("two\r\nlines")).toBe('"two\r\nlines"');
  });

  it.each([
    ["=HYPERLINK(\"https://evil.example\",\"click\")", "'=HYPERLINK(\"https://evil.example\",\"click\")", true],
    ["+61 3 9000 0000", "'+61 3 9000 0000", false],
    ["-2+3", "'-2+3", false],
    ["@SUM(A1:A2)", "'@SUM(A1:A2)", false],
    ["\t=1+1", "'\t=1+1", false],
    ["\r=1+1", "'\r=1+1", true],
  ])("neutralises %j with a leading apostrophe", (input, neutral, quoted) => {
    expect(neutralise(input)).toBe(neutral);
    const cell = csvCell(input);
    expect(cell).toBe(quoted ? `"${neutral.replace(/"/g, '""')}"` : neutral);
    expect(parseCsv(`${cell}\r\n`)).toEqual([[neutral]]);
  });

  it("does not touch a formula character that is not first, or a negative number given as a number", () => {
    expect(csvCell("a=b")).toBe("a=b");
    expect(csvCell("Jo-Anne")).toBe("Jo-Anne");
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell("-5")).toBe("'-5");
  });

  it("a line ends with CRLF and parses back", () => {
    const line = csvLine(["=1", 'x,"y"', 3, null, "plain"]);
    expect(line.endsWith("\r\n")).toBe(true);
    expect(parseCsv(line)).toEqual([["'=1", 'x,"y"', "3", "", "plain"]]);
  });
});

describe("purposes and their columns", () => {
  const PERSONAL = ["name", "email", "note", "convenorEmail", "distanceKm"] as const;

  it("every kind has purposes, each with columns that have a header", () => {
    for (const kind of EXPORT_KINDS) {
      expect(purposesFor(kind).length).toBeGreaterThan(0);
      for (const purpose of purposesFor(kind)) {
        const cols = columnsFor(kind, purpose);
        expect(cols.length, `${kind}/${purpose}`).toBeGreaterThan(0);
        expect(new Set(cols).size, `${kind}/${purpose} has no repeated column`).toBe(cols.length);
        expect(columnHeaders(kind, purpose).every((h) => h.length > 0)).toBe(true);
        expect(staffContent.exports.purposes[purpose]).toBeTruthy();
      }
    }
  });

  it("takes only what each purpose needs", () => {
    const requests = PURPOSE_COLUMNS.requests;
    expect(requests.review).toEqual(expect.arrayContaining(["name", "email", "note"]));
    // Following up with convenors: who asked and which convenor, never the applicant's note or address.
    expect(requests.follow_up).not.toContain("note");
    expect(requests.follow_up).not.toContain("email");
    expect(requests.follow_up).toEqual(expect.arrayContaining(["name", "convenor", "convenorEmail"]));
    // Reporting: no one's personal details at all.
    for (const col of PERSONAL) expect(requests.reporting).not.toContain(col);
    expect(PURPOSE_COLUMNS.groups.reporting).not.toContain("convenorEmail");
    expect(PURPOSE_COLUMNS["waiting-list"].planning).not.toContain("email");
    expect(PURPOSE_COLUMNS["waiting-list"].contact).toContain("email");
  });
});

describe("exports from a database", () => {
  let db: DB;
  const now = new Date();

  beforeAll(() => {
    db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "pwcop-exports-")), "t.db"));
    migrate(db);
    seedDemoData(db);
    const hobart = getGroupBySlug(db, "hobart")!;
    const auckland = getGroupBySlug(db, "auckland-ponsonby")!;
    db.transaction(() => {
      for (let i = 0; i < BATCH * 2 + 7; i++) {
        createJoinRequest(db, {
          groupId: i % 3 === 0 ? auckland.id : hobart.id,
          wizardSessionId: `s${i}`,
          name: i === 5 ? '=HYPERLINK("https://evil.example","Jo")' : `Person ${i}`,
          email: `p${i}@example.com`,
          note: i === 6 ? "Line one,\nline \"two\"" : "",
          hopes: [],
          answers: {},
          outcome: "match",
          reasons: [],
          ruleVersion: "t",
          distanceKm: i % 2 ? 3.14159 : null,
        });
      }
      db.prepare("UPDATE join_requests SET status = 'declined', decline_reason = 'too_far' WHERE id % 5 = 0").run();
      db.prepare("INSERT INTO newsletter_signups (email, interests, country, place, lat, lon, distance_km, accepts_online, waiting_since, confirmed_at) VALUES ('w@example.com', '[]', 'AU', '-Hobart', -42.88, 147.33, 25, 1, ?, ?)").run(
        now.toISOString(),
        now.toISOString(),
      );
    })();
  });

  const all = (next: () => { text: string } | null) => {
    let text = "";
    for (let chunk = next(); chunk; chunk = next()) text += chunk.text;
    return text;
  };

  it("requests: a byte order mark, the header, every row once, newest first, the formula neutralised", () => {
    const text = all(exportChunks(db, { kind: "requests", purpose: "review" }, now));
    expect(text.startsWith(BOM)).toBe(true);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual(columnHeaders("requests", "review"));
    const body = rows.slice(1);
    expect(body).toHaveLength(BATCH * 2 + 7);
    expect(body.length).toBe(exportRowCount(db, { kind: "requests", purpose: "review" }, now));
    const ids = body.map((r) => Number(r[0]));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(ids.length);
    const name = columnsFor("requests", "review").indexOf("name");
    const note = columnsFor("requests", "review").indexOf("note");
    expect(body.map((r) => r[name])).toContain("'=HYPERLINK(\"https://evil.example\",\"Jo\")");
    expect(body.map((r) => r[note])).toContain('Line one,\nline "two"');
  });

  it("requests: filtered as asked, with only the purpose's columns", () => {
    const params = new URLSearchParams({ status: "declined", group: "hobart", purpose: "reporting" });
    const ask = readExportAsk(db, "requests", params);
    expect(ask.ok).toBe(true);
    if (!ask.ok) return;
    const rows = parseCsv(all(exportChunks(db, ask.spec, now)).slice(1));
    expect(rows[0]).toEqual(columnHeaders("requests", "reporting"));
    expect(rows.length - 1).toBe(exportRowCount(db, ask.spec, now));
    expect(rows.length - 1).toBeGreaterThan(0);
    for (const r of rows.slice(1)) {
      expect(r[columnsFor("requests", "reporting").indexOf("group")]).toBe("Hobart");
      expect(r[columnsFor("requests", "reporting").indexOf("status")]).toBe("Declined");
    }
    expect(rows.flat().some((cell) => cell.includes("@example.com"))).toBe(false);
  });

  it("refuses an ask without a known purpose, or with a note that is too long or has control characters", () => {
    expect(readExportAsk(db, "groups", new URLSearchParams())).toMatchObject({ ok: false, errors: { purpose: "purpose" } });
    expect(readExportAsk(db, "groups", new URLSearchParams({ purpose: "review" }))).toMatchObject({ ok: false, errors: { purpose: "purpose" } });
    expect(readExportAsk(db, "groups", new URLSearchParams({ purpose: "reporting", note: "x".repeat(201) }))).toMatchObject({ ok: false, errors: { note: "too_long" } });
    expect(readExportAsk(db, "groups", new URLSearchParams({ purpose: "reporting", note: "a\u0007b" }))).toMatchObject({ ok: false, errors: { note: "control" } });
    expect(readExportAsk(db, "groups", new URLSearchParams({ purpose: "reporting", note: "March committee" }))).toMatchObject({ ok: true, note: "March committee" });
  });

  it("groups and the waiting list: every row, numbers as numbers, text neutralised, the point rounded", () => {
    const groups = parseCsv(all(exportChunks(db, { kind: "groups", purpose: "reporting" }, now)).slice(1));
    expect(groups.length - 1).toBe(exportRowCount(db, { kind: "groups", purpose: "reporting" }, now));
    const waiting = parseCsv(all(exportChunks(db, { kind: "waiting-list", purpose: "planning" }, now)).slice(1));
    const cols = columnsFor("waiting-list", "planning");
    expect(waiting).toHaveLength(2);
    expect(waiting[1]![cols.indexOf("place")]).toBe("'-Hobart");
    expect(waiting[1]![cols.indexOf("lat")]).toBe("-42.9");
    expect(waiting[1]![cols.indexOf("lon")]).toBe("147.3");
  });

  it("the response body streams the same text, one batch per pull, and stops when the client goes", async () => {
    const expected = all(exportChunks(db, { kind: "requests", purpose: "review" }, now));
    const chunks: number[] = [];
    const reader = csvBody(exportChunks(db, { kind: "requests", purpose: "review" }, now)).getReader();
    let text = "";
    const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value.length);
      text += decoder.decode(value, { stream: true });
    }
    expect(text).toBe(expected);
    expect(chunks.length).toBe(3);

    const abort = new AbortController();
    const cut = csvBody(exportChunks(db, { kind: "requests", purpose: "review" }, now), abort.signal).getReader();
    expect((await cut.read()).done).toBe(false);
    abort.abort();
    expect((await cut.read()).done).toBe(true);
  });
});
