/**
 * Join-request emails end to end: the production server (build/) with a real
 * SMTP server, join requests made over HTTP, the exact messages the SMTP
 * server receives, the convenor's links followed in real Chromium with
 * JavaScript on and off, and links that are tampered with, reused or expired.
 * The convenor's email has its answers as buttons (a phone's width, in
 * Chromium), Reply-To the applicant, and goes to every convenor of the group.
 */
import Database from "better-sqlite3";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { remindConvenors } from "../app/join/join-emails.server";
import type { Env } from "../app/utils/env.server";
import emailCopy from "../content/email.json";
import wizardCopy from "../content/eligibility.json";
import { launchBrowser } from "./support/browser";
import { waitFor } from "./support/inbox";
import { bodies } from "./support/mime";
import { startServer, type RunningServer } from "./support/server";
import { tamper } from "./support/tamper";
import { startSmtp, type TestSmtp } from "./support/smtp";
import { finishWizard, isJoinSent, postJoin, Visitor } from "./support/wizard-client";

const MAIL_FROM = "pwcop@anzpop.example";
const HOBART_CONVENOR = "ruth.convenor@example.org";
/** The server's signing secret, so that this file can run the reminder job on the server's database as the server would. */
const SECRET = "join-emails-test-secret-0123456789";
const DAY = 24 * 60 * 60 * 1000;
const decideCopy = wizardCopy.joinDecide;

let smtp: TestSmtp;
let server: RunningServer;
let browser: Browser;
let db: Database.Database;
let serial = 0;

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer({ SMTP_URL: smtp.url, MAIL_POLL_MS: "50", MAIL_RETRY_BASE_MS: "100", MAIL_RETRY_CAP_MS: "500", SESSION_SECRET: SECRET, WEB_CONCURRENCY: "1" });
  db = new Database(server.databasePath);
  db.pragma("busy_timeout = 5000");
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  db?.close();
  await server?.stop();
  await smtp?.close();
});

/** Messages to `address` (and, if given, with that subject, and a text part holding `holding`: subjects name no one). */
const mailTo = (address: string, subject?: string | RegExp, holding?: string) => () =>
  smtp.received.filter(
    (m) =>
      m.to.includes(address) &&
      (subject === undefined || (typeof subject === "string" ? m.subject === subject : subject.test(m.subject ?? ""))) &&
      (holding === undefined || (bodies(m.raw).text ?? "").includes(holding)),
  );

/** One message to `address` (and, if given, with that subject and text); waits for it to arrive. */
async function oneMail(address: string, subject?: string | RegExp, holding?: string) {
  const [mail] = await waitFor(`mail to ${address}`, () => {
    const found = mailTo(address, subject, holding)();
    return found.length ? found : undefined;
  });
  const { text, html } = bodies(mail!.raw);
  return { mail: mail!, text: text ?? "", html: html ?? "", subject: bodies(mail!.raw).root.headers.get("subject") ?? "" };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The convenor's three links, by answer, as the text part has them: each URL alone on the line under its label. */
function decideLinks(text: string, name: string) {
  const find = (label: string) => {
    const m = new RegExp(`^${escapeRegExp(label)}\\n(http\\S+)$`, "m").exec(text);
    if (!m) throw new Error(`no ${label} link`);
    return new URL(m[1]!);
  };
  return { accept: find(`Accept ${name}`), meetFirst: find(`Meet ${name} first`), decline: find("Decline") };
}

/** Each <a> of an HTML part: its href and the text it shows. */
const anchors = (html: string) => [...html.matchAll(/<a\b[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => ({ href: m[1], text: m[2] }));

/** The text a reader sees in an HTML part. */
const visibleText = (html: string) => html.replace(/<head>[\s\S]*?<\/head>/, "").replace(/<[^>]+>/g, " ");

/** How many times a header appears in a raw message's head. */
const headerCount = (raw: string, name: string) => (raw.split(/\r?\n\r?\n/)[0]!.match(new RegExp(`^${name}:`, "gim")) ?? []).length;

/** The same path and query on the test server (links say localhost; the server listens on 127.0.0.1). */
const onServer = (link: URL) => `${server.baseURL}${link.pathname}${link.search}`;

interface Applicant {
  name: string;
  email: string;
  note: string;
}

async function askToJoin(slug = "hobart", extra: Partial<Applicant> = {}) {
  serial += 1;
  const applicant: Applicant = {
    name: `Ngaio Tester ${serial}`,
    email: `applicant-${serial}-${Date.now()}@example.com`,
    note: `I run community meetings.\nSecond line of my note, number ${serial}.`,
    ...extra,
  };
  const visitor = new Visitor(server.baseURL);
  await finishWizard(visitor);
  const res = await postJoin(visitor, slug, { ...applicant, hopes: ["connection", "collaborate"] });
  expect(isJoinSent(res, slug)).toBe(true);
  const row = db.prepare("SELECT id, public_id AS publicId FROM join_requests WHERE email = ?").get(applicant.email) as { id: number; publicId: string };
  const convenor = await oneMail(HOBART_CONVENOR, "New request to join Hobart", applicant.name);
  return { applicant, visitor, row, convenor, links: decideLinks(convenor.text, applicant.name) };
}

function stateOf(id: number) {
  const request = db.prepare("SELECT status, decided_at AS decidedAt FROM join_requests WHERE id = ?").get(id) as { status: string; decidedAt: string | null };
  const usedTokens = (db.prepare("SELECT count(*) AS n FROM tokens WHERE purpose = 'join.decide' AND subject = ? AND used_at IS NOT NULL").get(String(id)) as { n: number }).n;
  // One key per answer: `join:<id>:decision:<answer>:<time>` (app/join/join-emails.server.ts queueDecisionEmail).
  const decisionEmails = (db.prepare("SELECT count(*) AS n FROM outbox WHERE dedupe_key LIKE ?").get(`join:${id}:decision:%`) as { n: number }).n;
  return { ...request, usedTokens, decisionEmails };
}
const UNCHANGED = { status: "new", decidedAt: null, usedTokens: 0, decisionEmails: 0 };

const headingOf = (html: string) => /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1]?.replace(/&#x27;|&#39;/g, "'");

function noTracking(html: string) {
  expect(html).not.toMatch(/<img|<iframe|<script|<link|url\(|src=/i);
  for (const href of html.matchAll(/href="([^"]+)"/g)) expect(href[1]).toMatch(/^http:\/\/localhost:\d+\/(join-requests\/decide\?token=[\w.-]+|join-requests\/withdraw\?t=[\w.-]+|contact|eligibility|convenor)$/);
}

describe("join request emails", () => {
  it("sends the convenor the consented summary with three links, and the applicant a receipt, each once", async () => {
    const started = Date.now();
    const { applicant, visitor, row, convenor } = await askToJoin();
    const port = new URL(server.baseURL).port;

    // The convenor's email: who, what they agreed to share, and three links.
    expect(convenor.mail.to).toEqual([HOBART_CONVENOR]);
    expect(convenor.mail.from).toBe(MAIL_FROM);
    // The subject names the group, never the applicant.
    expect(convenor.subject).toBe("New request to join Hobart");
    expect(convenor.mail.header("Content-Type")).toMatch(/^multipart\/alternative/);
    const t = convenor.text;
    expect(t).toMatch(/^Hello Ruth,\n\n/);
    expect(t).toContain(`Name: ${applicant.name}\nEmail: ${applicant.email}\n`);
    expect(t).toContain(`Process Work learning: ${wizardCopy.steps.experience.options.workshops.label}\n`);
    expect(t).toContain(`Process Work in their work: ${wizardCopy.steps.practice.options.paid.label}\n`);
    expect(t).toMatch(/Distance from the group: (less than 1 km|about \d+ km)\n/);
    expect(t).toContain(`- ${wizardCopy.steps.hopes.options.connection.label}\n- ${wizardCopy.steps.hopes.options.collaborate.label}\n`);
    // The note is quoted under a label, as the applicant's own words.
    expect(t).toContain(`Their note:\n\n${emailCopy.quoteLabels.applicant}\n${applicant.note.replace(/^/gm, "> ")}\n`);
    expect(t).not.toContain("Hobart, TAS"); // where they live is not shared
    const links = decideLinks(t, applicant.name);
    for (const l of Object.values(links)) {
      expect(l.origin).toBe(`http://localhost:${port}`);
      expect(l.pathname).toBe("/join-requests/decide");
      expect(l.searchParams.get("token")).toMatch(/^[\w-]{22}\.[\w-]{43}$/);
    }
    expect(new Set(Object.values(links).map(String)).size).toBe(3);
    expect(t).toContain(emailCopy.signature);
    expect(t).toContain(`\n\nSee all your requests\nhttp://localhost:${port}/convenor\n\n`);
    // The HTML part says the same: three buttons named by their labels whose links are the text part's, a link
    // to all the convenor's requests, no URL as visible text, and nothing that phones home.
    expect(anchors(convenor.html)).toEqual([
      { href: links.accept.href, text: `Accept ${applicant.name}` },
      { href: links.meetFirst.href, text: `Meet ${applicant.name} first` },
      { href: links.decline.href, text: "Decline" },
      { href: `http://localhost:${port}/convenor`, text: "See all your requests" },
    ]);
    const buttons = [...convenor.html.matchAll(/<table role="presentation"[^>]*>[\s\S]*?<\/table>/g)].map((m) => anchors(m[0]).map((a) => a.href));
    expect(buttons).toEqual([[links.accept.href], [links.meetFirst.href], [links.decline.href]]);
    expect(visibleText(convenor.html)).not.toMatch(/https?:|token=|localhost/);
    expect(convenor.html).toContain("I run community meetings.<br>Second line");
    noTracking(convenor.html);
    // Replying writes to the applicant (they agreed to share their address with the convenor): one Reply-To, one mailbox.
    expect(convenor.mail.header("Reply-To")).toBe(applicant.email);
    expect(headerCount(convenor.mail.raw, "Reply-To")).toBe(1);
    expect(t).toContain(`To write to ${applicant.name} yourself, reply to this email or use ${applicant.email}.`);

    // The applicant's receipt.
    const receipt = await oneMail(applicant.email);
    expect(receipt.mail.to).toEqual([applicant.email]);
    expect(receipt.mail.from).toBe(MAIL_FROM);
    expect(receipt.subject).toBe("Your request to join Hobart");
    expect(receipt.text).toMatch(new RegExp(`^Hello ${applicant.name},\n\nThank you for asking to join Hobart\\. We have sent your request to Ruth`));
    expect(receipt.text).toContain(`Your reference is ${row.publicId}.`);
    expect(receipt.text).not.toContain("token=");
    expect(receipt.html).toMatch(/^<!doctype html>/);
    noTracking(receipt.html);
    expect(receipt.mail.messageId).not.toBe(convenor.mail.messageId);
    expect(receipt.mail.header("Reply-To")).toBeNull();

    // Sending the form again stores nothing new and sends nothing more.
    expect(isJoinSent(await postJoin(visitor, "hobart", { ...applicant, hopes: [] }), "hobart")).toBe(true);
    await new Promise((r) => setTimeout(r, 400));
    expect(mailTo(applicant.email)()).toHaveLength(1);
    expect(mailTo(HOBART_CONVENOR, "New request to join Hobart", applicant.name)()).toHaveLength(1);
    expect((db.prepare("SELECT count(*) AS n FROM join_requests WHERE email = ?").get(applicant.email) as { n: number }).n).toBe(1);
    console.log(`join request → both emails received: ${Date.now() - started} ms`);
  });

  it("Accept, in Chromium with JavaScript on: asks first, then records it and tells the applicant", async () => {
    const { applicant, row, links } = await askToJoin();
    const context = await browser.newContext();
    const page = await context.newPage();
    const res = await page.goto(onServer(links.accept));
    expect(res?.status()).toBe(200);
    await expect.poll(() => page.locator("h1").textContent()).toBe(`Accept ${applicant.name} into Hobart?`);
    expect(await page.locator("main").textContent()).toContain(`${applicant.name} asked to join Hobart on`);
    // Looking is not answering.
    expect(stateOf(row.id)).toEqual(UNCHANGED);

    // Hydrated: the answer goes through Remix (a single-fetch .data request), not a page load.
    await page.waitForFunction(() => "__remixRouter" in window);
    const dataPosts: string[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST") dataPosts.push(new URL(r.url()).pathname);
    });
    await page.getByLabel(`A message for ${applicant.name} (optional)`).fill("Lovely to hear from you.\nSee you soon.");
    await page.getByRole("button", { name: `Accept ${applicant.name}` }).click();
    await page.waitForURL(/\/join-requests\/decide\/done\?answer=accepted$/);
    expect(dataPosts).toEqual(["/join-requests/decide.data"]);
    // A client-side navigation: the URL can change a moment before the new page renders.
    await expect.poll(() => page.locator("h1").textContent()).toBe(decideCopy.done.title);
    expect(await page.locator("main").textContent()).toContain(decideCopy.done.accepted);
    await context.close();

    expect(stateOf(row.id)).toMatchObject({ status: "accepted", usedTokens: 1, decisionEmails: 1 });
    const decided = await oneMail(applicant.email, "Welcome to Hobart");
    expect(decided.mail.to).toEqual([applicant.email]);
    expect(decided.text).toContain(`Good news: Ruth has accepted your request to join Hobart.`);
    expect(decided.text).toContain("Ruth added a message for you:\n> Lovely to hear from you.\n> See you soon.\n");
    expect(decided.html).toMatch(/<blockquote[^>]*><p[^>]*>Lovely to hear from you\.<br>See you soon\.<\/p><\/blockquote>/);
    noTracking(decided.html);

    // Every link for this request now says it has been answered, and changes nothing.
    for (const link of [links.accept, links.meetFirst, links.decline]) {
      const get = await fetch(onServer(link));
      expect(get.status).toBe(410);
      expect(headingOf(await get.text())).toBe(decideCopy.used.title);
      const post = await fetch(onServer(link), { method: "POST", body: new URLSearchParams({ token: link.searchParams.get("token")!, message: "again" }) });
      expect(post.status).toBe(410);
      // The page's own copy (content/eligibility.json), filled in: it says what the answer was.
      expect(await post.text()).toContain(`and is now: accepted. ${decideCopy.used.text.split("{decision}. ")[1]}`);
    }
    expect(stateOf(row.id)).toMatchObject({ status: "accepted", usedTokens: 1, decisionEmails: 1 });
    await new Promise((r) => setTimeout(r, 300));
    expect(mailTo(applicant.email)()).toHaveLength(2); // the receipt and one decision
  });

  it("Decline, in Chromium with JavaScript off: the form works the same", async () => {
    const { applicant, row, links } = await askToJoin();
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    expect((await page.goto(onServer(links.decline)))?.status()).toBe(200);
    expect(await page.locator("h1").textContent()).toBe(`Decline ${applicant.name}'s request to join Hobart?`);
    expect(stateOf(row.id)).toEqual(UNCHANGED);
    await page.getByRole("button", { name: "Decline the request" }).click();
    await page.waitForURL(/\/join-requests\/decide\/done\?answer=declined$/);
    expect(await page.locator("main").textContent()).toContain(decideCopy.done.declined);
    await context.close();

    expect(stateOf(row.id)).toMatchObject({ status: "declined", usedTokens: 1, decisionEmails: 1 });
    // The receipt and the decision have the same subject; the decision is the one that says so.
    const mails = await waitFor("decision email", () => (mailTo(applicant.email, "Your request to join Hobart")().length === 2 ? mailTo(applicant.email)() : undefined));
    const decision = mails.map((m) => bodies(m.raw)).find((b) => b.text?.includes("not able to offer you a place"))!;
    expect(decision.text).toContain("Ruth, who convenes the group, is not able to offer you a place this time.\n\nAnother group may suit you");
    expect(decision.text).not.toContain("added a message");
    expect(decision.html).toContain('<a href="http://localhost:');
  });

  it("Meet first, with a message that is too long: says so, keeps the link working, then works", async () => {
    const { applicant, row, links } = await askToJoin();
    const token = links.meetFirst.searchParams.get("token")!;
    const long = await fetch(onServer(links.meetFirst), { method: "POST", body: new URLSearchParams({ token, message: "x".repeat(1001) }) });
    expect(long.status).toBe(400);
    expect(await long.text()).toContain(decideCopy.message.errors.too_long);
    expect(stateOf(row.id)).toEqual(UNCHANGED);

    const ok = await fetch(onServer(links.meetFirst), { method: "POST", body: new URLSearchParams({ token, message: "" }), redirect: "manual" });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/join-requests/decide/done?answer=meet_first");
    expect(stateOf(row.id)).toMatchObject({ status: "meet_first", usedTokens: 1, decisionEmails: 1 });
    const decided = await oneMail(applicant.email, "The convenor of Hobart would like to meet you first");
    expect(decided.text).toContain("would like to meet you for a short chat first");
  });

  it("web addresses in a note reach the convenor as quoted text, never as links", async () => {
    const { convenor } = await askToJoin("hobart", { note: "My site: https://evil.example/prize\nOr www.evil.example, or prize.evil.example." });
    noTracking(convenor.html);
    expect(convenor.html).not.toMatch(/<a[^>]*evil/);
    expect(convenor.text).not.toContain("evil.example");
    expect(convenor.text).toContain("> My site: https[:]//evil[.]example/prize\n> Or www[.]evil[.]example, or prize[.]evil[.]example.\n");
    expect(convenor.html).toMatch(/<blockquote[^>]*><p[^>]*>My site: https\[:\]\/\/evil\[\.\]example\/prize<br>/);
  });
});

describe("the convenor's email on a phone, and every convenor of the group", () => {
  it("fits a 390 px and a 320 px wide screen in Chromium, with buttons at least 44 px high, even for a long name and address", async () => {
    // One word of 100 letters (the longest name the form takes) and a long address: nothing to break a line at.
    const name = `Wolfeschlegelsteinhausenbergerdorff${"x".repeat(60)}${serial + 1}`.slice(0, 100);
    const { convenor, links } = await askToJoin("hobart", { name, email: `${"a".repeat(40)}.${Date.now()}@example.com` });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.setContent(convenor.html, { waitUntil: "load" });
      for (const width of [390, 320]) {
        await page.setViewportSize({ width, height: 844 });
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `at ${width} px`).toBeLessThanOrEqual(width);
        const buttons = await page.locator("table[role=presentation] a").evaluateAll((els) =>
          els.map((el) => {
            const r = el.getBoundingClientRect();
            return { href: el.getAttribute("href"), height: r.height, left: r.left, right: r.right };
          }),
        );
        expect(buttons.map((b) => b.href)).toEqual([links.accept.href, links.meetFirst.href, links.decline.href]);
        for (const b of buttons) {
          expect(b.height, `at ${width} px`).toBeGreaterThanOrEqual(44);
          expect(b.left).toBeGreaterThanOrEqual(0);
          expect(b.right).toBeLessThanOrEqual(width);
          // Full width on a narrow screen: the body's width less its margins.
          expect(b.right - b.left).toBeGreaterThan(width - 40);
        }
        expect(await page.locator("body").innerText()).not.toMatch(/https?:\/\//);
      }
      await expect.poll(() => page.getByRole("link", { name: "See all your requests" }).getAttribute("href")).toMatch(/\/convenor$/);
    } finally {
      await context.close();
    }
  });

  it("goes to every convenor of the group, each with their own links and Reply-To the applicant, and so does the reminder", async () => {
    const hobart = (db.prepare("SELECT id FROM groups WHERE slug = 'hobart'").get() as { id: number }).id;
    const ruth = (db.prepare("SELECT id FROM users WHERE email = ?").get(HOBART_CONVENOR) as { id: number }).id;
    const co = `co.convenor.${Date.now()}@example.org`;
    const coId = Number(db.prepare("INSERT INTO users (email, name, role) VALUES (?, '', 'convenor')").run(co).lastInsertRowid);
    db.prepare("INSERT INTO group_convenors (group_id, user_id) VALUES (?, ?)").run(hobart, coId);
    try {
      const { applicant, row, convenor, links } = await askToJoin();
      const copy = await oneMail(co, "New request to join Hobart", applicant.name);
      expect(copy.mail.to).toEqual([co]);
      expect(copy.mail.header("Reply-To")).toBe(applicant.email);
      expect(convenor.mail.header("Reply-To")).toBe(applicant.email);
      // Greeted by the listed first name only at the listed convenor's address.
      expect(convenor.text).toMatch(/^Hello Ruth,\n\n/);
      expect(copy.text).toMatch(/^Hello,\n\n/);
      expect(copy.text).toContain(`Name: ${applicant.name}\nEmail: ${applicant.email}\n`);
      // Their own links, as buttons.
      const coLinks = decideLinks(copy.text, applicant.name);
      expect(new Set([...Object.values(links), ...Object.values(coLinks)].map(String)).size).toBe(6);
      expect(anchors(copy.html).map((a) => a.href)).toEqual([coLinks.accept.href, coLinks.meetFirst.href, coLinks.decline.href, expect.stringMatching(/\/convenor$/)]);
      const keys = (db.prepare("SELECT dedupe_key AS k FROM outbox WHERE kind = 'join.convenor' AND dedupe_key LIKE ?").all(`join:${row.id}:%`) as { k: string }[]).map((r) => r.k);
      expect(keys.sort()).toEqual([`join:${row.id}:convenor:${ruth}`, `join:${row.id}:convenor:${coId}`].sort());

      // The reminder job, as the server runs it, 8 days on: each convenor gets one, Reply-To the applicant.
      const later = new Date(Date.now() + 8 * DAY);
      remindConvenors({ db, env: { PORT: Number(new URL(server.baseURL).port) } as Env, secrets: [SECRET] }, later);
      const subject = "Reminder: a request to join Hobart is waiting for your answer";
      const reminders = await Promise.all([oneMail(HOBART_CONVENOR, subject, applicant.name), oneMail(co, subject, applicant.name)]);
      for (const r of reminders) {
        expect(r.mail.header("Reply-To")).toBe(applicant.email);
        expect(headerCount(r.mail.raw, "Reply-To")).toBe(1);
        expect(anchors(r.html).map((a) => a.text)).toEqual([`Accept ${applicant.name}`, `Meet ${applicant.name} first`, "Decline", "See all your requests"]);
        expect(visibleText(r.html)).not.toMatch(/https?:|token=/);
      }
      const reminderLinks = decideLinks(reminders[1]!.text, applicant.name);
      expect(String(reminderLinks.decline)).not.toBe(String(coLinks.decline));
      // Running the job again sends nothing more.
      remindConvenors({ db, env: { PORT: Number(new URL(server.baseURL).port) } as Env, secrets: [SECRET] }, later);
      expect(db.prepare("SELECT count(*) AS n FROM outbox WHERE kind = 'join.reminder' AND dedupe_key LIKE ?").get(`join:${row.id}:%`)).toEqual({ n: 2 });

      // The co-convenor's links work the same: their Decline answers the request, and then Ruth's links say it was answered.
      const declined = await fetch(onServer(coLinks.decline), { method: "POST", body: new URLSearchParams({ token: coLinks.decline.searchParams.get("token")!, message: "" }), redirect: "manual" });
      expect(declined.status).toBe(303);
      expect(stateOf(row.id)).toMatchObject({ status: "declined", usedTokens: 1 });
      expect((await fetch(onServer(links.accept))).status).toBe(410);
      expect((await fetch(onServer(reminderLinks.accept))).status).toBe(410);
    } finally {
      db.prepare("DELETE FROM group_convenors WHERE user_id = ?").run(coId);
    }
  });
});

describe("links that do not work change nothing", () => {
  it("a tampered link: 400 and a clear page", async () => {
    const { row, links } = await askToJoin();
    const token = links.accept.searchParams.get("token")!;
    const tampered = [tamper(token), `${token.split(".")[0]}`, `x${token}`, "", "not-a-token", `${token}.extra`];
    for (const t of tampered) {
      const get = await fetch(`${server.baseURL}/join-requests/decide?token=${encodeURIComponent(t)}`);
      expect(get.status).toBe(400);
      const html = await get.text();
      expect(headingOf(html)).toBe(decideCopy.invalid.title);
      expect(html).toContain(decideCopy.invalid.text);
      const post = await fetch(`${server.baseURL}/join-requests/decide`, { method: "POST", body: new URLSearchParams({ token: t }) });
      expect(post.status).toBe(400);
    }
    expect(stateOf(row.id)).toEqual(UNCHANGED);
    // The answer comes from the link's token, never from the form.
    const other = await fetch(`${server.baseURL}/join-requests/decide`, { method: "POST", body: new URLSearchParams({ token, decision: "declined" }), redirect: "manual" });
    expect(other.status).toBe(303);
    expect(stateOf(row.id)).toMatchObject({ status: "accepted" });
  });

  it("an expired link: 410 and a clear page", async () => {
    const { row, links } = await askToJoin();
    db.prepare("UPDATE tokens SET expires_at = ? WHERE purpose = 'join.decide' AND subject = ?").run(new Date(Date.now() - 1000).toISOString(), String(row.id));
    for (const link of [links.accept, links.decline]) {
      const get = await fetch(onServer(link));
      expect(get.status).toBe(410);
      const html = await get.text();
      expect(headingOf(html)).toBe(decideCopy.expired.title);
      expect(html).toContain("work for 14 days");
      const post = await fetch(onServer(link), { method: "POST", body: new URLSearchParams({ token: link.searchParams.get("token")! }) });
      expect(post.status).toBe(410);
    }
    expect(stateOf(row.id)).toEqual(UNCHANGED);
  });

  it("a reused link in the browser: the page says it was answered", async () => {
    const { row, links } = await askToJoin();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(onServer(links.meetFirst));
    await page.getByRole("button", { name: "Suggest meeting first" }).click();
    await page.waitForURL(/done\?answer=meet_first$/);
    const again = await page.goto(onServer(links.meetFirst));
    expect(again?.status()).toBe(410);
    expect(await page.locator("h1").textContent()).toBe(decideCopy.used.title);
    await context.close();
    expect(stateOf(row.id)).toMatchObject({ status: "meet_first", usedTokens: 1, decisionEmails: 1 });
  });
});
