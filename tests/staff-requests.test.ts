/**
 * Staff's join requests and exports in real Chromium, JavaScript on and off,
 * against the production server (build/) and a real SMTP server:
 *
 * - the list filtered by status, group, age and overdue, every row's
 *   data-request-id and data-status matching the database, sorted on the
 *   server (aria-sort);
 * - an overdue request moved to another group: the applicant and the
 *   convenors of both groups each receive exactly one email, counted at the
 *   SMTP server, and the request is new in the other group;
 * - the list's CSV button (a POST) downloaded and parsed back (header, row
 *   count equal to the count shown, a formula-like name neutralised), and
 *   the export in the audit log with its purpose; the exports page refusing
 *   an export with no purpose; a GET of an export's address (a cross-site
 *   link) running nothing and recording nothing;
 * - an answer given for a silent convenor: the applicant's email, and the
 *   timeline saying ANZPOP staff did it;
 * - keyboard only: filter, sort, open a request and answer it;
 * - axe (WCAG 2.2 AA) and no sideways scroll at 390 px on every page and
 *   error state;
 * - convenors and signed-out visitors get nothing from any /staff route.
 *
 * Each test signs in its own staff account (added to the server's SQLite
 * file: codes are capped at 5 an hour per address) over HTTP, and hands the
 * session cookie to the browser.
 */
import crypto from "node:crypto";
import { readFile } from "node:fs/promises";
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it, type ExpectStatic, type OnTestFinishedHandler } from "vitest";
import convenorCopy from "../content/convenor.json";
import emailCopy from "../content/email.json";
import staffCopy from "../content/staff.json";
import { PURPOSE_COLUMNS } from "../app/staff/exports.server";
import { addAccount, askToJoin, Client, DEMO, signIn } from "./support/back-office";
import { andWait, chooseRadioByKeyboard, openSession, settled, tabTo, type Session, type Wizard } from "./support/browser";
import { parseCsv } from "./support/csv";
import { mailTo, outboxDrained, waitFor } from "./support/inbox";
import { useMailSite } from "./support/mail-site";
import { axeViolations, widthsAt390 } from "./support/a11y";

const site = useMailSite();

const MODES = [
  { mode: "JavaScript on", js: true },
  { mode: "JavaScript off", js: false },
];
const DAY = 86_400_000;
const rc = staffCopy.requests;
const pc = staffCopy.requestPage;
const xc = staffCopy.exports;
const fill = (template: string, vars: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));

// --- Accounts, requests and mail ------------------------------------------------------

let made = 0;
const uid = () => `${++made}-${crypto.randomBytes(3).toString("hex")}`;

/** A staff account no other test uses, signed in over HTTP. */
async function newStaff(tag: string): Promise<{ email: string; client: Client }> {
  const email = addAccount(site.db, `staff-${tag}-${uid()}@example.org`, "staff");
  return { email, client: await signIn(site, email) };
}

const groupId = (slug: string) => (site.db.prepare("SELECT id FROM groups WHERE slug = ?").get(slug) as { id: number }).id;

interface Inserted {
  id: number;
  name: string;
  email: string;
}

/** A request stored straight into the SQLite file (no emails): for lists, filters and exports. */
function insertRequest(slug: string, o: { name?: string; note?: string; status?: string; daysAgo?: number; reason?: string | null } = {}): Inserted {
  const n = uid();
  const name = o.name ?? `Listed Person ${n}`;
  const email = `listed-${n}@example.com`;
  const created = new Date(Date.now() - (o.daysAgo ?? 1) * DAY).toISOString();
  const { id } = site.db
    .prepare(
      `INSERT INTO join_requests (public_id, group_id, wizard_session_id, name, email, note, hopes, answers, outcome, reasons, rule_version, distance_km, consented_at, status, created_at, status_changed_at, decline_reason)
       VALUES (?, ?, ?, ?, ?, ?, '[]', '{}', 'match', '[]', 'test', 4.2, ?, ?, ?, ?, ?) RETURNING id`,
    )
    .get(crypto.randomBytes(12).toString("base64url"), groupId(slug), `test-${n}`, name, email, o.note ?? "", created, o.status ?? "new", created, created, o.reason ?? null) as { id: number };
  return { id, name, email };
}

/** A request made as a visitor makes it (the wizard, then the join form): its convenor and the applicant are emailed. */
async function realRequest(tag: string): Promise<Inserted> {
  const n = uid();
  const a = { name: `Robin ${tag} ${n}`, email: `applicant-${tag}-${n}@example.com`, note: "" };
  return { ...a, id: await askToJoin(site, "hobart", a) };
}

const row = (id: number) =>
  site.db.prepare("SELECT status, group_id AS groupId, decline_reason AS declineReason, created_at AS createdAt FROM join_requests WHERE id = ?").get(id) as {
    status: string;
    groupId: number;
    declineReason: string | null;
    createdAt: string;
  };


/** The subjects each address has received so far. */
const subjectsTo = (addresses: string[]) => Object.fromEntries(addresses.map((a) => [a, mailTo(site.smtp, a).map((m) => m.subject)]));

// --- In the browser ---------------------------------------------------------------------

type OnTestFinished = (fn: OnTestFinishedHandler) => void;

interface StaffSession {
  js: boolean;
  email: string;
  context: BrowserContext;
  page: Page;
  w: Wizard;
}

/** A browser context signed in as a new staff account. "JavaScript off" for axe: scripts blocked, the page as the server sent it. */
async function openStaff(tag: string, js: boolean, onTestFinished: OnTestFinished, { blockScripts = false } = {}): Promise<StaffSession> {
  const { email, client } = await newStaff(tag);
  const s = await openSession(site.browser, { js, blockScripts, onTestFinished, baseURL: site.base, cookie: client.cookie });
  return { js: s.js, email, context: s.context, page: s.page, w: s.wizard };
}

/** Does something that leads to another page, then waits for a URL `until` accepts and that page drawn (andWait). */
const staffAndWait = (s: StaffSession, act: () => Promise<void>, until: (u: URL) => boolean) =>
  andWait({ js: s.js, context: s.context, page: s.page, wizard: s.w } satisfies Session, act, until);


/** Every row of the list: its id, status, and whether it links to the request's page. */
function listed(page: Page) {
  return page.locator("main tr[data-request-id]").evaluateAll((trs) =>
    trs.map((tr) => {
      const id = Number(tr.getAttribute("data-request-id"));
      return { id, status: tr.getAttribute("data-status") ?? "", links: tr.querySelector(`a[href="/staff/requests/${id}"]`) !== null };
    }),
  );
}
const shownTotal = async (page: Page) => Number(await page.locator("main [data-total]").getAttribute("data-total"));

/** Chooses filters in the form (by their labels) and applies them. */
async function applyFilters(s: StaffSession, choices: Partial<Record<"status" | "group" | "age" | "overdue" | "purpose", string>>) {
  const { page } = s;
  const labels = { status: rc.status, group: rc.group, age: rc.age, overdue: rc.overdue, purpose: rc.purpose };
  const form = page.getByRole("form", { name: rc.filtersHeading });
  for (const [k, v] of Object.entries(choices)) await form.getByLabel(labels[k as keyof typeof labels], { exact: true }).selectOption(v);
  const before = s.js ? await page.evaluate(() => document.body.dataset.locationKey) : undefined;
  await form.getByRole("button", { name: rc.apply, exact: true }).click();
  await page.waitForURL((u) => u.pathname === "/staff/requests" && Object.entries(choices).every(([k, v]) => (u.searchParams.get(k) ?? "") === v));
  // With JavaScript on, the URL changes before React draws the filtered list: wait for that render.
  if (s.js) await page.waitForFunction((key) => document.body.dataset.locationKey !== key, before);
  await settled(s);
}

/** Ids the database has for a filter, newest first. */
function idsWhere(sql: string, ...params: unknown[]): number[] {
  return (site.db.prepare(`SELECT id FROM join_requests WHERE ${sql} ORDER BY created_at DESC, id DESC`).all(...params) as { id: number }[]).map((r) => r.id);
}

/** Clicks something that downloads a file; returns its name and text (without the byte order mark, which must be there). */
async function download(page: Page, click: () => Promise<void>): Promise<{ filename: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent("download"), click()]);
  const path = await file.path();
  const raw = await readFile(path!, "utf8");
  expect(raw.charCodeAt(0), "UTF-8 byte order mark").toBe(0xfeff);
  return { filename: file.suggestedFilename(), text: raw.slice(1) };
}

const headersOf = (purpose: keyof typeof PURPOSE_COLUMNS.requests) => PURPOSE_COLUMNS.requests[purpose].map((c) => xc.columns[c as keyof typeof xc.columns]);

const lastAudit = (action: string) => {
  // The log keeps the account's id and role; its address is the account's own, joined in (as the audit page does).
  const r = site.db.prepare("SELECT coalesce(u.email, a.actor) AS actor, action, detail, at FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id WHERE action = ? ORDER BY a.id DESC LIMIT 1").get(action) as { actor: string; action: string; detail: string; at: string } | undefined;
  return r ? { ...r, detail: JSON.parse(r.detail) as Record<string, unknown> } : undefined;
};

/** Error summary links that lead somewhere, axe at 1024 px, then no sideways scrolling at 390 px. */
async function checkPage(page: Page, label: string, soft: ExpectStatic) {
  const deadLinks = await page.locator(".error-summary a").evaluateAll((links) =>
    links.map((a) => a.getAttribute("href") ?? "").filter((href) => !href.startsWith("#") || !document.getElementById(decodeURIComponent(href.slice(1)))),
  );
  soft.soft(deadLinks, `error summary links to nothing on ${label}`).toEqual([]);
  soft.soft(await axeViolations(page), `axe on ${label} (${page.url()})`).toEqual([]);
  const widths = await widthsAt390(page);
  soft.soft(widths.scrollWidth, `sideways scroll at 390 px on ${label}: ${JSON.stringify(widths)}`).toBeLessThanOrEqual(widths.clientWidth);
}

/** Presses a button on the page and waits for the page to come back with the error `selector` (and an error summary). */
async function submitExpectingErrors(s: StaffSession, button: string, selector: string) {
  await s.page.locator("main").getByRole("button", { name: button, exact: true }).click();
  await s.page.locator(selector).waitFor();
  await s.page.locator(".error-summary").waitFor();
  await settled(s);
}

/** The timeline on a request's page: [what, by]. */
async function timeline(page: Page): Promise<Array<[string, string]>> {
  const items = await page.locator("main ol.timeline li").evaluateAll((lis) =>
    lis.map((li) => [(li.querySelector(".timeline__title")?.textContent ?? "").trim(), (li.querySelector(".timeline__date")?.textContent ?? "").trim()]),
  );
  return items.map(([title, date]) => [title!, date!.split(" · ").at(-1)!]);
}

// --- The tests ------------------------------------------------------------------------------

describe.each(MODES)("the requests list, $mode", ({ js }) => {
  it("filters by status, group, age and overdue, each row's data-status as stored, sorted on the server", async ({ onTestFinished }) => {
    const group = js ? "adelaide" : "canberra";
    const other = js ? "canberra" : "adelaide";
    const declined = [insertRequest(group, { status: "declined", reason: "too_far", daysAgo: 3 }), insertRequest(group, { status: "declined", reason: "not_a_fit", daysAgo: 40 })];
    const fresh = insertRequest(group, { daysAgo: 2 });
    const overdue = insertRequest(group, { daysAgo: 10 });
    const ancient = insertRequest(group, { status: "accepted", daysAgo: 200 });
    insertRequest(other, { status: "declined", reason: "other", daysAgo: 5 });

    const s = await openStaff("list", js, onTestFinished);
    await s.w.goto("/staff/requests");
    expect(await s.page.locator("h1").innerText()).toBe(rc.title);

    await applyFilters(s, { status: "declined", group });
    let rows = await listed(s.page);
    expect(rows.map((r) => r.id)).toEqual(idsWhere("status = 'declined' AND group_id = ?", groupId(group)));
    expect(rows.map((r) => r.id)).toEqual(expect.arrayContaining(declined.map((d) => d.id)));
    for (const r of rows) {
      expect(r.status).toBe("declined");
      expect(r.links).toBe(true);
    }
    expect(await shownTotal(s.page)).toBe(rows.length);

    await applyFilters(s, { status: "new", group });
    rows = await listed(s.page);
    expect(rows.map((r) => r.id)).toEqual(idsWhere("status = 'new' AND group_id = ?", groupId(group)));
    expect(rows.map((r) => r.id)).toEqual(expect.arrayContaining([fresh.id, overdue.id]));
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(["new"]));

    // Overdue: new, no answer after 7 days. The status filter left as any.
    await applyFilters(s, { status: "", overdue: "7" });
    rows = await listed(s.page);
    expect(rows.map((r) => r.id)).toEqual([overdue.id]);
    expect(rows[0]!.status).toBe("new");
    expect(await s.page.locator(`tr[data-request-id="${overdue.id}"] .overdue-note`).innerText()).toMatch(/^No answer for 1\d days$/);

    // Age: received more than 90 days ago.
    await applyFilters(s, { overdue: "", age: "older" });
    rows = await listed(s.page);
    expect(rows.map((r) => r.id)).toEqual([ancient.id]);
    expect(rows[0]!.status).toBe("accepted");

    // Sorted on the server: by received, newest first, by default; then by status, following the column's link.
    await applyFilters(s, { age: "" });
    const received = s.page.locator("main th", { hasText: rc.columns.received });
    expect(await received.getAttribute("aria-sort")).toBe("descending");
    expect((await listed(s.page)).map((r) => r.id)).toEqual(idsWhere("group_id = ?", groupId(group)));
    await staffAndWait(s, () => s.page.locator("main th").getByRole("link", { name: rc.columns.status, exact: true }).click(), (u) => u.searchParams.get("sort") === "status");
    expect(await s.page.locator("main th", { hasText: rc.columns.status }).getAttribute("aria-sort")).toBe("ascending");
    expect(await received.getAttribute("aria-sort")).toBe("none");
    const byStatus = (await listed(s.page)).map((r) => r.status);
    const order = ["new", "meet_first", "waiting_list", "accepted", "declined", "withdrawn"];
    expect(byStatus).toEqual([...byStatus].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
    // The filter survives the sort.
    expect(new URL(s.page.url()).searchParams.get("group")).toBe(group);
  });
});

describe.each(MODES)("moving an overdue request to another group, $mode", ({ js }) => {
  it("the request starts again as new there; the applicant and both groups' convenors each get exactly one email", async ({ onTestFinished }) => {
    const a = await realRequest(js ? "move-js" : "move-nojs");
    // Overdue: 10 days without an answer (the reminder and the note to staff already went).
    const old = new Date(Date.now() - 10 * DAY).toISOString();
    site.db.prepare("UPDATE join_requests SET created_at = ?, reminded_at = ?, escalated_at = ? WHERE id = ?").run(old, old, old, a.id);
    const ruth = DEMO.hobart;
    const sam = "sam.convenor@example.org"; // Brisbane's convenor (demo account)
    await waitFor("the applicant's receipt", () => mailTo(site.smtp, a.email).length === 1, 15_000);
    await outboxDrained(site.db);
    const before = subjectsTo([a.email, ruth, sam]);

    const s = await openStaff("move", js, onTestFinished);
    await s.w.goto("/staff/requests?overdue=7&group=hobart");
    const item = s.page.locator(`main tr[data-request-id="${a.id}"]`);
    expect(await item.getAttribute("data-status")).toBe("new");
    await s.w.markStale();
    await item.getByRole("link", { name: a.name }).click();
    await s.w.arrived(`/staff/requests/${a.id}`);

    // No group chosen: the error next to the field.
    await submitExpectingErrors(s, pc.moveButton, "#field-group-error");
    expect(await s.page.locator("#field-group-error").innerText()).toContain(pc.errors.group);
    expect(row(a.id).groupId).toBe(groupId("hobart"));

    await s.page.getByLabel(pc.moveField.label, { exact: true }).selectOption("brisbane");
    await staffAndWait(
      s,
      () => s.page.getByRole("button", { name: pc.moveButton, exact: true }).click(),
      (u) => u.pathname === `/staff/requests/${a.id}` && u.searchParams.get("done") === "moved",
    );
    expect(await s.page.getByRole("status").innerText()).toBe(fill(pc.done.moved, { name: a.name, group: "Brisbane" }));
    expect(await s.page.locator("main").getAttribute("data-status")).toBe("new");
    expect(row(a.id)).toMatchObject({ status: "new", groupId: groupId("brisbane") });
    expect(Date.now() - Date.parse(row(a.id).createdAt)).toBeLessThan(60_000);
    const moved = await timeline(s.page);
    expect(moved.at(-3)).toEqual([fill(pc.moved, { from: "Hobart", to: "Brisbane" }), fill(pc.byStaff, { email: s.email })]);

    // Exactly one new email each, counted at the SMTP server.
    await waitFor("the three emails about the move", () => mailTo(site.smtp, sam).length > before[sam]!.length && mailTo(site.smtp, ruth).length > before[ruth]!.length && mailTo(site.smtp, a.email).length > before[a.email]!.length, 15_000);
    await outboxDrained(site.db);
    const after = subjectsTo([a.email, ruth, sam]);
    expect(after[a.email]!.slice(before[a.email]!.length)).toEqual([fill(emailCopy.templates["join.reassigned"].subject, { group: "Brisbane" })]);
    expect(after[ruth]!.slice(before[ruth]!.length)).toEqual([fill(emailCopy.templates["join.movedAway"].subject, { name: a.name, group: "Brisbane" })]);
    expect(after[sam]!.slice(before[sam]!.length)).toEqual([fill(emailCopy.templates["join.convenor"].subject, { name: a.name, group: "Brisbane" })]);
    const toApplicant = mailTo(site.smtp, a.email).at(-1)!;
    expect(toApplicant.text).toContain("You asked to join Hobart");
    const toSam = mailTo(site.smtp, sam).at(-1)!;
    expect(toSam.text).toContain(a.email);
    // Ruth's answer links from before the move no longer work; Sam's do.
    expect((site.db.prepare("SELECT count(*) AS n FROM tokens WHERE purpose = 'join.decide' AND subject = ? AND used_at IS NULL").get(String(a.id)) as { n: number }).n).toBe(3);
  });
});

describe.each(MODES)("exports, $mode", ({ js }) => {
  it("the list's CSV button downloads what is shown; parsed back, a formula-like name is neutralised; the export is in the audit log with its purpose", async ({ onTestFinished }) => {
    const group = "perth-fremantle";
    const tag = js ? "js" : "nojs";
    const formula = `=HYPERLINK("https://evil.example/${tag}","Click me")`;
    const evil = insertRequest(group, { name: formula, note: "@SUM(1+1), and \"quotes\"\nover two lines", daysAgo: 5 });
    insertRequest(group, { name: `-Minus ${tag}`, daysAgo: 6 });
    insertRequest(group, { status: "declined", reason: "group_full", daysAgo: 7 });

    const s = await openStaff("export", js, onTestFinished);
    await s.w.goto("/staff/requests");
    await applyFilters(s, { group });
    const total = await shownTotal(s.page);
    expect(total).toBe(idsWhere("group_id = ?", groupId(group)).length);
    const button = s.page.getByRole("button", { name: fill(rc.download, { total }), exact: true });
    // A POST with the list's filters and purpose: a link would be a GET, and a GET changes nothing.
    const form = s.page.locator("form.download-form");
    expect(await form.getAttribute("method")).toBe("post");
    expect(await form.getAttribute("action")).toBe("/staff/exports/requests");
    expect(await form.locator("input[type=hidden]").evaluateAll((inputs) => inputs.map((i) => `${(i as HTMLInputElement).name}=${(i as HTMLInputElement).value}`))).toEqual([`group=${group}`, "purpose=review"]);

    const startedAt = new Date().toISOString();
    const file = await download(s.page, () => button.click());
    expect(file.filename).toMatch(/^pwcop-requests-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = parseCsv(file.text);
    expect(rows[0]).toEqual(headersOf("review"));
    expect(rows.length - 1).toBe(total);
    const cols = PURPOSE_COLUMNS.requests.review as readonly string[];
    const evilRow = rows.find((r) => r[0] === String(evil.id))!;
    expect(evilRow[cols.indexOf("name")]).toBe(`'${formula}`);
    expect(evilRow[cols.indexOf("note")]).toBe("'@SUM(1+1), and \"quotes\"\nover two lines");
    expect(evilRow[cols.indexOf("email")]).toBe(evil.email);
    expect(rows.some((r) => r[cols.indexOf("name")] === `'-Minus ${tag}`)).toBe(true);
    expect(rows.slice(1).every((r) => r[cols.indexOf("group")] === "Perth")).toBe(true);
    expect(rows.slice(1).every((r) => r.length === cols.length)).toBe(true);

    const audit = lastAudit("export.requests")!;
    expect(audit.actor).toBe(s.email);
    expect(audit.at >= startedAt).toBe(true);
    expect(audit.detail).toMatchObject({ kind: "requests", purpose: "review", filters: `group=${group}`, rows: total, note: "" });

    // Another purpose: other columns, no one's address.
    await applyFilters(s, { purpose: "reporting" });
    const reporting = await download(s.page, () => s.page.getByRole("button", { name: fill(rc.download, { total }), exact: true }).click());
    const reportRows = parseCsv(reporting.text);
    expect(reportRows[0]).toEqual(headersOf("reporting"));
    expect(reportRows.length - 1).toBe(total);
    expect(reporting.text).not.toContain("@example.com");
    expect(lastAudit("export.requests")!.detail).toMatchObject({ purpose: "reporting", filters: `group=${group}`, rows: total });
  });

  it("the exports page refuses a download without a purpose, next to the field, then downloads with one", async ({ onTestFinished }) => {
    const s = await openStaff("exports-page", js, onTestFinished);
    await s.w.goto("/staff/exports");
    const form = s.page.locator('[data-export="requests"]');
    const exportsBefore = (site.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action LIKE 'export.%'").get() as { n: number }).n;
    await s.w.markStale();
    await form.getByRole("button", { name: xc.kinds.requests.button, exact: true }).click();
    await s.page.locator("main:not([data-e2e-stale]) .error-summary").waitFor();
    expect(await s.page.locator("#requests-purpose-error").innerText()).toContain(xc.errors.purpose);
    expect(await s.page.locator(".error-summary a").getAttribute("href")).toBe("#requests-purpose");
    expect((site.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action LIKE 'export.%'").get() as { n: number }).n).toBe(exportsBefore);

    const again = s.page.locator('[data-export="requests"]');
    await again.getByLabel(xc.purpose.label, { exact: true }).selectOption("follow_up");
    await again.getByLabel(rc.status, { exact: true }).selectOption("new");
    await again.getByLabel(xc.note.label, { exact: true }).fill(`March check-in ${js ? "js" : "nojs"}`);
    const file = await download(s.page, () => again.getByRole("button", { name: xc.kinds.requests.button, exact: true }).click());
    const rows = parseCsv(file.text);
    expect(rows[0]).toEqual(headersOf("follow_up"));
    expect(rows.length - 1).toBe(idsWhere("status = 'new'").length);
    expect(lastAudit("export.requests")!.detail).toMatchObject({ purpose: "follow_up", filters: "status=new", note: `March check-in ${js ? "js" : "nojs"}` });

    // Groups and the waiting list too.
    const groups = await download(s.page, async () => {
      const g = s.page.locator('[data-export="groups"]');
      await g.getByLabel(xc.purpose.label, { exact: true }).selectOption("reporting");
      await g.getByRole("button", { name: xc.kinds.groups.button, exact: true }).click();
    });
    expect(parseCsv(groups.text).length - 1).toBe((site.db.prepare("SELECT count(*) AS n FROM groups").get() as { n: number }).n);
    const waiting = await download(s.page, async () => {
      const g = s.page.locator('[data-export="waiting-list"]');
      await g.getByLabel(xc.purpose.label, { exact: true }).selectOption("planning");
      await g.getByRole("button", { name: xc.kinds["waiting-list"].button, exact: true }).click();
    });
    expect(parseCsv(waiting.text)[0]).toEqual(PURPOSE_COLUMNS["waiting-list"].planning.map((c) => xc.columns[c]));
    expect(lastAudit("export.waiting-list")!.actor).toBe(s.email);
  });
});

describe.each(MODES)("answering for a silent convenor, $mode", ({ js }) => {
  it("declines with a reason: the applicant is emailed, and the timeline says ANZPOP staff did it", async ({ onTestFinished }) => {
    const a = await realRequest(js ? "decide-js" : "decide-nojs");
    await waitFor("the applicant's receipt", () => mailTo(site.smtp, a.email).length === 1, 15_000);
    const s = await openStaff("decide", js, onTestFinished);
    await s.w.goto(`/staff/requests/${a.id}`);
    expect(await s.page.locator("h1").innerText()).toBe(fill(pc.title, { name: a.name, group: "Hobart" }));

    await submitExpectingErrors(s, pc.decideButton, "#field-decision-error");
    expect(await s.page.locator("#field-decision-error").innerText()).toContain(pc.errors.decision);
    await s.page.getByLabel(pc.decisions.declined, { exact: true }).check();
    await submitExpectingErrors(s, pc.decideButton, "#field-declineReason-error");
    expect(await s.page.locator("#field-declineReason-error").innerText()).toContain(pc.errors.reason);
    expect(row(a.id).status).toBe("new");

    await s.page.getByLabel(pc.decisions.declined, { exact: true }).check();
    await s.page.getByLabel(pc.reasonField.label, { exact: true }).selectOption("too_far");
    await s.page.getByLabel(fill(pc.messageField.label, { name: a.name }), { exact: true }).fill("The Perth group may suit you better.");
    await staffAndWait(
      s,
      () => s.page.getByRole("button", { name: pc.decideButton, exact: true }).click(),
      (u) => u.pathname === `/staff/requests/${a.id}` && u.searchParams.get("done") === "declined",
    );
    expect(await s.page.getByRole("status").innerText()).toBe(fill(pc.done.declined, { name: a.name }));
    expect(row(a.id)).toMatchObject({ status: "declined", declineReason: "too_far" });

    const mails = await waitFor("the decision email", () => (mailTo(site.smtp, a.email).length === 2 ? mailTo(site.smtp, a.email) : null), 15_000);
    await outboxDrained(site.db);
    expect(mailTo(site.smtp, a.email)).toHaveLength(2);
    expect(mails[1]!.text).toMatch(/is not able to offer you a place/);
    expect(mails[1]!.text).toContain("> The Perth group may suit you better.");

    const t = await timeline(s.page);
    expect(t).toContainEqual([convenorCopy.timeline["request.declined"], fill(pc.byStaff, { email: s.email })]);
    expect(await s.page.locator("main").getByRole("button", { name: pc.moveButton }).count()).toBe(0);
    const audit = site.db.prepare("SELECT u.email AS actor, detail FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id WHERE subject_id = ? AND action = 'request.declined'").get(a.id) as { actor: string; detail: string };
    expect(audit.actor).toBe(s.email);
    expect(JSON.parse(audit.detail)).toMatchObject({ via: "staff", reason: "too_far" });
  });
});

describe.each(MODES)("keyboard only, $mode", ({ js }) => {
  it("filters, sorts, opens a request and answers it without a mouse", async ({ onTestFinished }) => {
    const group = js ? "northern-rivers" : "wellington-te-aro";
    const groupName = js ? "Northern Rivers" : "Wellington";
    const a = insertRequest(group, { status: "new", daysAgo: 3 });
    insertRequest(group, { status: "declined", reason: "other", daysAgo: 4 });
    const s = await openStaff("keyboard", js, onTestFinished);
    const { page } = s;
    await s.w.goto("/staff/requests");
    await tabTo(page, "#field-status-input");
    await page.keyboard.type("New");
    await tabTo(page, "#field-group-input");
    await page.keyboard.type(groupName);
    await tabTo(page, 'form[aria-label="Filter"] button[type=submit]');
    await staffAndWait(s, () => page.keyboard.press("Enter"), (u) => u.searchParams.get("status") === "new" && u.searchParams.get("group") === group);
    expect((await listed(page)).map((r) => r.id)).toEqual([a.id]);

    await tabTo(page, "main th a[href*='sort=status']");
    await staffAndWait(s, () => page.keyboard.press("Enter"), (u) => u.searchParams.get("sort") === "status");
    expect(await page.locator("main th", { hasText: rc.columns.status }).getAttribute("aria-sort")).toBe("ascending");

    await tabTo(page, `main tr[data-request-id="${a.id}"] a`);
    await staffAndWait(s, () => page.keyboard.press("Enter"), (u) => u.pathname === `/staff/requests/${a.id}`);
    await chooseRadioByKeyboard(page, "decision", "waiting_list");
    await tabTo(page, "main form button[type=submit]");
    await staffAndWait(s, () => page.keyboard.press("Enter"), (u) => u.pathname === `/staff/requests/${a.id}` && u.searchParams.get("done") === "waiting_list");
    expect(row(a.id).status).toBe("waiting_list");
    expect(await page.locator("main").getAttribute("data-status")).toBe("waiting_list");
  });
});

describe.each(MODES)("accessibility and 390 px, $mode", ({ js }) => {
  it("every staff requests and exports page, and each error state", async ({ onTestFinished, expect }) => {
    const long = insertRequest("hobart", { name: "Bartholomew Featherstonehaugh-Wolfeschlegelsteinhausenbergerdorff", daysAgo: 12 });
    insertRequest("hobart", { status: "declined", reason: "not_practising", daysAgo: 4 });
    const closed = insertRequest("hobart", { status: "accepted", daysAgo: 30 });
    // axe runs in the page: "JavaScript off" is the server-rendered page with the app's scripts blocked.
    const s = await openStaff("a11y", true, onTestFinished, { blockScripts: !js });
    const { page, w } = s;

    await w.goto("/staff/requests");
    await checkPage(page, "/staff/requests", expect);
    await w.goto("/staff/requests?overdue=7&sort=group&dir=desc");
    await checkPage(page, "/staff/requests, overdue, sorted by group", expect);
    await w.goto("/staff/requests?status=withdrawn&group=christchurch-central");
    expect(await page.locator("main").innerText()).toContain(rc.none);
    await checkPage(page, "/staff/requests with no results", expect);
    await w.goto("/staff/requests/reasons");
    await checkPage(page, "/staff/requests/reasons", expect);

    await w.goto(`/staff/requests/${long.id}`);
    await checkPage(page, "an open request", expect);
    await submitExpectingErrors(s, pc.decideButton, "#field-decision-error");
    await checkPage(page, "an open request, no answer chosen", expect);
    await submitExpectingErrors(s, pc.moveButton, "#field-group-error");
    await checkPage(page, "an open request, no group chosen", expect);
    await w.goto(`/staff/requests/${closed.id}`);
    await checkPage(page, "a closed request", expect);

    await w.goto("/staff/exports");
    await checkPage(page, "/staff/exports", expect);
    await w.goto("/staff/exports?kind=waiting-list&note=%07");
    expect(await page.locator("#waiting-list-purpose-error").innerText()).toContain(xc.errors.purpose);
    await checkPage(page, "/staff/exports with errors", expect);
  });
});

describe("exports over HTTP", () => {
  it("a GET of an export's address, as a cross-site link would send it, exports nothing and records nothing; the POST answers with the file", async () => {
    const { client } = await newStaff("export-get");
    const exports = () => (site.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action LIKE 'export.%'").get() as { n: number }).n;
    const before = exports();
    const crossSite = { "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate", "sec-fetch-dest": "document" };
    for (const kind of ["requests", "groups", "waiting-list"]) {
      const res = await fetch(`${site.base}/staff/exports/${kind}?purpose=review&note=${encodeURIComponent("written by another site")}`, { headers: { cookie: client.cookie, ...crossSite }, redirect: "manual" });
      expect(res.status, kind).toBe(303);
      expect(res.headers.get("location")).toBe(`/staff/exports?kind=${kind}`);
      expect(res.headers.get("content-type") ?? "").not.toMatch(/csv/);
    }
    // The exports page with an ask in its address only fills the form in.
    const page = await client.get("/staff/exports?kind=requests&purpose=review&status=new&note=March");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(exports()).toBe(before);
    expect(site.db.prepare("SELECT count(*) AS n FROM audit_log WHERE detail LIKE '%written by another site%'").get()).toEqual({ n: 0 });

    const file = await client.post("/staff/exports/requests", { purpose: "reporting", status: "new", note: "Quarterly figures" });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(file.headers.get("content-disposition")).toMatch(/^attachment; filename="pwcop-requests-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await file.arrayBuffer());
    expect([...bytes.slice(0, 3)], "UTF-8 byte order mark").toEqual([0xef, 0xbb, 0xbf]);
    // TextDecoder drops the byte order mark.
    const rows = parseCsv(new TextDecoder().decode(bytes));
    expect(rows[0]).toEqual(headersOf("reporting"));
    expect(rows.length - 1).toBe(idsWhere("status = 'new'").length);
    expect(exports()).toBe(before + 1);
    expect(lastAudit("export.requests")!.detail).toMatchObject({ purpose: "reporting", filters: "status=new", note: "Quarterly figures" });

    // Without a purpose: back to the page, the filters and note kept, nothing recorded.
    const incomplete = await client.post("/staff/exports/requests", { purpose: "", status: "declined", note: "Kept as typed" });
    expect(incomplete.status).toBe(303);
    const back = incomplete.headers.get("location")!;
    expect(back).toBe("/staff/exports?status=declined&kind=requests&purpose=&note=Kept+as+typed");
    const shown = await client.get(back);
    expect(shown.status).toBe(400);
    const html = await shown.text();
    expect(html).toContain('id="requests-purpose-error"');
    expect(html).toContain('value="Kept as typed"');
    expect(exports()).toBe(before + 1);
  });
});

describe("convenors and signed-out visitors get nothing from /staff", () => {
  it("every staff requests and exports route and action: signed out to /sign-in, a convenor 403, nothing changed or exported", async () => {
    const req = insertRequest("hobart", { daysAgo: 9 });
    const convenor = await signIn(site, DEMO.hobart);
    const anon = new Client(site.base);
    const before = () => ({
      request: row(req.id),
      audit: (site.db.prepare("SELECT count(*) AS n FROM audit_log").get() as { n: number }).n,
      outbox: (site.db.prepare("SELECT count(*) AS n FROM outbox").get() as { n: number }).n,
    });
    const snapshot = before();
    const GETS = [
      "/staff/requests",
      "/staff/requests?status=new&group=hobart&sort=group&dir=asc&page=1",
      "/staff/requests/reasons",
      `/staff/requests/${req.id}`,
      "/staff/requests/999999999",
      "/staff/exports",
      "/staff/exports?kind=requests&purpose=review",
      "/staff/exports/requests?purpose=review",
      "/staff/exports/groups?purpose=follow_up",
      "/staff/exports/waiting-list?purpose=contact",
      "/staff/exports/nothing?purpose=review",
    ];
    const POSTS: Array<[string, Record<string, string>]> = [
      [`/staff/requests/${req.id}`, { intent: "decide", decision: "accepted", message: "" }],
      [`/staff/requests/${req.id}`, { intent: "move", group: "brisbane" }],
      ["/staff/exports/requests", { purpose: "review" }],
      ["/staff/exports/groups", { purpose: "follow_up" }],
      ["/staff/exports/waiting-list", { purpose: "contact", note: "from a convenor" }],
    ];
    for (const path of GETS) {
      const out = await anon.get(path);
      expect(out.status, `GET ${path} signed out`).toBe(303);
      expect(out.headers.get("location"), `GET ${path} signed out`).toBe(`/sign-in?redirectTo=${encodeURIComponent(path)}`);
      const res = await convenor.get(path);
      expect(res.status, `GET ${path} as a convenor`).toBe(403);
      const body = await res.text();
      expect(body, `GET ${path} as a convenor`).not.toContain("data-request-id");
      expect(body).not.toContain(req.email);
      expect(res.headers.get("content-type") ?? "").not.toMatch(/csv/);
    }
    for (const [path, fields] of POSTS) {
      const out = await anon.post(path, fields);
      expect(out.status, `POST ${path} signed out`).toBe(303);
      expect(out.headers.get("location")).toBe(`/sign-in?redirectTo=${encodeURIComponent(path)}`);
      expect((await convenor.post(path, fields)).status, `POST ${path} as a convenor`).toBe(403);
    }
    expect(before()).toEqual(snapshot);
  });
});
