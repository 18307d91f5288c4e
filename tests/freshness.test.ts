/**
 * "Is the group still meeting?" end to end: the production server (build/)
 * with a real SMTP server, on a database whose demo groups were listed 13
 * weeks ago (the clock cannot wait 12 weeks; the server's own job finds them
 * due when it first runs). Each demo convenor gets exactly one email; each of
 * the four answers is pressed in Chromium, with JavaScript on and off, for
 * different groups; its effect is checked in the database, in the email to
 * staff and on the public group page; axe checks the confirm and done pages.
 * A restart runs the job again: only a group made due again is asked, and
 * staff hear that its previous round went unanswered.
 */
import Database from "better-sqlite3";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import groupsCopy from "../content/groups.json";
import { openDatabase } from "../db/client";
import { DEMO_GROUPS } from "../db/demo-groups";
import { migrate } from "../db/migrate";
import { seedDemoData } from "../db/seed";
import { launchBrowser, leasePage } from "./support/browser";
import { mailTo, outboxDrained, waitFor, type Mail } from "./support/inbox";
import { startServer, type RunningServer } from "./support/server";
import { startSmtp, type TestSmtp } from "./support/smtp";
import { axeViolations } from "./support/a11y";

const WEEK = 7 * 24 * 60 * 60 * 1000;
const STAFF = "staff@anzpop.example";
const copy = groupsCopy.check;

type Answer = "still_meeting" | "paused" | "need_help" | "closing";
const LABELS: Record<Answer, string> = {
  still_meeting: "Still meeting as listed",
  paused: "Taking a break",
  need_help: "We need help from ANZPOP",
  closing: "The group is closing",
};

let smtp: TestSmtp;
let server: RunningServer;
let browser: Browser;
let db: Database.Database;
let databasePath: string;

const startSite = async () => {
  server = await startServer({ SMTP_URL: smtp.url, MAIL_POLL_MS: "100", DATABASE_PATH: databasePath, WEB_CONCURRENCY: "1" });
};

beforeAll(async () => {
  smtp = await startSmtp();
  // The database as the server would make it on first start, with every demo group listed 13 weeks ago.
  databasePath = path.join(mkdtempSync(path.join(tmpdir(), "pwcop-freshness-")), "pwcop.db");
  const setup = openDatabase(databasePath);
  migrate(setup);
  seedDemoData(setup);
  setup.prepare("UPDATE groups SET created_at = ?").run(new Date(Date.now() - 13 * WEEK).toISOString());
  setup.close();
  await startSite();
  db = new Database(databasePath);
  db.pragma("busy_timeout = 5000");
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  db?.close();
  await server?.stop();
  await smtp?.close();
});

const group = (slug: string) => DEMO_GROUPS.find((g) => g.slug === slug)!;
const isAsk = (m: Mail) => /^Is .+ still meeting\?$/.test(m.subject);
const asksTo = (address: string) => mailTo(smtp, address).filter(isAsk);
const staffMail = (subject: string) => mailTo(smtp, STAFF).filter((m) => m.subject === subject);

/** Until the outbox has nothing left to send (everything queued so far has reached the SMTP server). */

function stateOf(slug: string) {
  return db
    .prepare(
      `SELECT g.status, g.verified_at AS verifiedAt, g.paused_at AS pausedAt, g.time_zone AS timeZone, c.answer, c.answered_at AS answeredAt,
         (SELECT count(*) FROM audit_log a WHERE a.group_id = g.id AND a.action = 'freshness.answered') AS audited
       FROM groups g JOIN freshness_checks c ON c.group_id = g.id WHERE g.slug = ? ORDER BY c.id DESC LIMIT 1`,
    )
    .get(slug) as { status: string; verifiedAt: string | null; pausedAt: string | null; timeZone: string; answer: string | null; answeredAt: string | null; audited: number };
}

/** The four links of a convenor's email, by answer. */
function linksIn(mail: Mail): Record<Answer, URL> {
  const find = (answer: Answer) => {
    const m = new RegExp(`^${LABELS[answer]}\n(http\\S+)$`, "m").exec(mail.text);
    if (!m) throw new Error(`no "${LABELS[answer]}" link in "${mail.subject}"`);
    return new URL(m[1]!);
  };
  return { still_meeting: find("still_meeting"), paused: find("paused"), need_help: find("need_help"), closing: find("closing") };
}

/** The same path and query on the test server (links say localhost; the server listens on 127.0.0.1). */
const onServer = (link: URL) => `${server.baseURL}${link.pathname}${link.search}`;

const fillIn = (template: string, vars: Record<string, string>) => template.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
const monthYear = (iso: string, timeZone: string) => new Intl.DateTimeFormat("en-AU", { month: "long", year: "numeric", timeZone }).format(new Date(iso));

async function checkAxe(page: Page, label: string) {
  expect(await axeViolations(page), `axe on the ${label} page`).toEqual([]);
}

/** Opens the answer's link from the convenor's email in Chromium, checks the confirm page, presses its button and checks the done page. */
async function answerInChromium(slug: string, answer: Answer, js: boolean): Promise<Record<Answer, URL>> {
  const g = group(slug);
  const [mail, ...more] = asksTo(g.convenorEmail);
  expect(more).toEqual([]);
  const links = linksIn(mail!);
  const before = stateOf(slug);
  expect(before).toMatchObject({ answer: null, answeredAt: null, audited: 0 });

  const { page, release } = await leasePage(browser, { js, baseURL: server.baseURL });
  try {
    const res = await page.goto(onServer(links[answer]));
    expect(res?.status()).toBe(200);
    expect(await page.locator("h1").textContent()).toBe(fillIn(copy.confirm[answer].title, { group: g.name }));
    // Opening the link (as a mail scanner would) changes nothing.
    expect(stateOf(slug)).toEqual(before);
    if (js) {
      await page.waitForFunction(() => "__remixRouter" in window);
      await checkAxe(page, `${answer} confirm`);
    }
    await page.getByRole("button", { name: copy.confirm[answer].button, exact: true }).click();
    await page.waitForURL((u) => u.pathname === "/groups/check" && u.searchParams.get("done") === answer && u.searchParams.get("group") === slug);
    // With JavaScript on, a client-side navigation: the URL can change a moment before the new page renders.
    await expect.poll(() => page.locator("h1").textContent()).toBe(copy.done[answer].title);
    if (js) await checkAxe(page, `${answer} done`);
  } finally {
    await release();
  }
  return links;
}

/** Every link of an answered round now says so, answers 410, and changes nothing. */
async function allLinksSayAnswered(slug: string, links: Record<Answer, URL>) {
  const before = stateOf(slug);
  for (const link of Object.values(links)) {
    const get = await fetch(onServer(link));
    expect(get.status).toBe(410);
    expect(await get.text()).toContain(copy.answered.title);
    const post = await fetch(`${server.baseURL}/groups/check`, { method: "POST", body: new URLSearchParams({ token: link.searchParams.get("token")! }) });
    expect(post.status).toBe(410);
  }
  expect(stateOf(slug)).toEqual(before);
}

/** The public group page as Chromium shows it (a plain HTML page): the confirmed line and the break note, or null; axe on request. */
async function publicPage(slug: string, { axe = false } = {}) {
  const { page, release } = await leasePage(browser, { js: axe, baseURL: server.baseURL });
  try {
    expect((await page.goto(`${server.baseURL}/groups/${slug}`))?.status()).toBe(200);
    if (axe) await checkAxe(page, `${slug} group`);
    const text = async (selector: string) => ((await page.locator(selector).count()) ? ((await page.locator(selector).textContent()) ?? "").trim() : null);
    return { confirmed: await text("[data-confirmed]"), paused: await text("[data-paused]") };
  } finally {
    await release();
  }
}

describe("the freshness round", () => {
  it("a job run emails each demo convenor exactly once, with four links", async () => {
    const addresses = DEMO_GROUPS.map((g) => g.convenorEmail);
    await waitFor("an email to every demo convenor", () => addresses.every((a) => asksTo(a).length > 0), 20_000);
    await outboxDrained(db);
    for (const a of addresses) expect(asksTo(a), a).toHaveLength(1);
    expect((db.prepare("SELECT count(*) AS n FROM freshness_checks WHERE answered_at IS NULL").get() as { n: number }).n).toBe(DEMO_GROUPS.length);
    expect((db.prepare("SELECT count(*) AS n FROM outbox WHERE kind = 'freshness.ask'").get() as { n: number }).n).toBe(DEMO_GROUPS.length);

    const [hobart] = asksTo("ruth.convenor@example.org");
    expect(hobart!.subject).toBe("Is Hobart still meeting?");
    expect(hobart!.text).toMatch(/^Hello Ruth,\n\nIs Hobart still meeting as its page on the PWCOP website says\? Every 12 weeks/);
    const links = Object.values(linksIn(hobart!));
    expect(new Set(links.map(String)).size).toBe(4);
    for (const l of links) {
      expect(l.pathname).toBe("/groups/check");
      expect(l.searchParams.get("token")).toMatch(/^[\w-]{22}\.[\w-]{43}$/);
    }
    expect(hobart!.html).toContain(`<a href="${links[0]}" style=`);
    expect(hobart!.html).not.toMatch(/<img|<script/i);
  });

  for (const js of [true, false]) {
    const slugs: Record<Answer, string> = js
      ? { still_meeting: "hobart", paused: "brisbane", need_help: "adelaide", closing: "canberra" }
      : { still_meeting: "perth-fremantle", paused: "northern-rivers", need_help: "auckland-ponsonby", closing: "wellington-te-aro" };
    const mode = js ? "JavaScript on" : "JavaScript off";

    it(`still meeting as listed (${mode}): the listing is confirmed, and the public page shows the month`, async () => {
      const slug = slugs.still_meeting;
      const links = await answerInChromium(slug, "still_meeting", js);
      const s = stateOf(slug);
      expect(s).toMatchObject({ status: "open", pausedAt: null, answer: "still_meeting", audited: 1 });
      expect(s.verifiedAt).toBe(s.answeredAt);
      const month = monthYear(s.verifiedAt!, s.timeZone);
      expect(await publicPage(slug)).toEqual({ confirmed: `Details confirmed by the convenor in ${month}`, paused: null });
      await allLinksSayAnswered(slug, links);
    });

    it(`taking a break (${mode}): the group is paused and confirmed, the public page says so, staff hear nothing`, async () => {
      const slug = slugs.paused;
      const links = await answerInChromium(slug, "paused", js);
      const s = stateOf(slug);
      expect(s).toMatchObject({ status: "open", answer: "paused", audited: 1 });
      expect(s.pausedAt).toBe(s.answeredAt);
      expect(s.verifiedAt).toBe(s.answeredAt);
      expect(await publicPage(slug, { axe: js })).toEqual({ confirmed: `Details confirmed by the convenor in ${monthYear(s.verifiedAt!, s.timeZone)}`, paused: groupsCopy.group.paused });
      await allLinksSayAnswered(slug, links);
      await outboxDrained(db);
      expect(mailTo(smtp, STAFF).filter((m) => m.text.includes(group(slug).name))).toEqual([]);
    });

    it(`need help (${mode}): the listing is confirmed and staff are emailed once`, async () => {
      const slug = slugs.need_help;
      const g = group(slug);
      const links = await answerInChromium(slug, "need_help", js);
      const s = stateOf(slug);
      expect(s).toMatchObject({ status: "open", pausedAt: null, answer: "need_help", audited: 1 });
      expect(s.verifiedAt).toBe(s.answeredAt);
      const [mail] = await waitFor("the email to staff", () => {
        const found = staffMail(`${g.name} would like help from ANZPOP`);
        return found.length ? found : undefined;
      });
      expect(mail!.text).toContain(`- Answered by: ${g.convenorEmail}\n`);
      expect(mail!.text).not.toContain("token=");
      await allLinksSayAnswered(slug, links);
      await outboxDrained(db);
      expect(staffMail(`${g.name} would like help from ANZPOP`)).toHaveLength(1);
      expect((await publicPage(slug)).confirmed).toBe(`Details confirmed by the convenor in ${monthYear(s.verifiedAt!, s.timeZone)}`);
    });

    it(`closing (${mode}): the status stays until staff act, and staff are emailed at once`, async () => {
      const slug = slugs.closing;
      const g = group(slug);
      const links = await answerInChromium(slug, "closing", js);
      expect(stateOf(slug)).toMatchObject({ status: "open", verifiedAt: null, pausedAt: null, answer: "closing", audited: 1 });
      const [mail] = await waitFor("the email to staff", () => {
        const found = staffMail(`${g.name} is closing, says its convenor`);
        return found.length ? found : undefined;
      });
      expect(mail!.text).toContain(`npm run group:status -- ${slug} closed`);
      await allLinksSayAnswered(slug, links);
      await outboxDrained(db);
      expect(staffMail(`${g.name} is closing, says its convenor`)).toHaveLength(1);
      // Still public, with nothing confirmed.
      expect(await publicPage(slug)).toEqual({ confirmed: null, paused: null });
    });
  }

  it("the job runs again after a restart: only a group due again is asked, once, and staff hear its last round went unanswered", async () => {
    const slug = "melbourne-inner-north";
    const g = group(slug);
    await outboxDrained(db);
    const before = new Map(DEMO_GROUPS.map((x) => [x.convenorEmail, asksTo(x.convenorEmail).length]));
    expect(before.get(g.convenorEmail)).toBe(1);
    await server.stop();
    // Its first round, unanswered, began 13 weeks ago.
    const earlier = new Date(Date.now() - 13 * WEEK).toISOString();
    db.prepare("UPDATE freshness_checks SET round_start = ?, sent_at = ? WHERE group_id = (SELECT id FROM groups WHERE slug = ?)").run(earlier, earlier, slug);
    await startSite();

    const subject = `No answer from ${g.name}: is it still meeting?`;
    await waitFor("the second round's email and the note to staff", () => asksTo(g.convenorEmail).length === 2 && staffMail(subject).length === 1, 20_000);
    await outboxDrained(db);
    for (const x of DEMO_GROUPS) expect(asksTo(x.convenorEmail), x.convenorEmail).toHaveLength(before.get(x.convenorEmail)! + (x.slug === slug ? 1 : 0));
    expect(staffMail(subject)).toHaveLength(1);
    expect(staffMail(subject)[0]!.text).toContain(`- Asked: ${g.convenorEmail}\n- Unanswered emails in a row, before today's: 1\n`);
    expect((db.prepare("SELECT count(*) AS n FROM freshness_checks").get() as { n: number }).n).toBe(DEMO_GROUPS.length + 1);
  });
});
