/**
 * Contact and self-service, end to end: the production server (build/) with a
 * real SMTP server, in real Chromium with JavaScript on and off.
 *
 * - the Contact page (footer link on every page): its errors, a message
 *   stored and emailed to staff (Reply-To the sender, their words quoted and
 *   never linked) and acknowledged to the sender;
 * - withdrawing a join request from the receipt's link and from the "request
 *   sent" page: a page with a button, the convenor told, a second click
 *   calm, an accepted request refused calmly;
 * - "see or delete my data": the same page for any address, the emailed
 *   link, everything held, erased on a button, and the address then nowhere
 *   in the SQLite file;
 * - pages that used to be dead ends now have a way on;
 * - axe (WCAG 2.2 AA) on every new and changed page and error state, with
 *   JavaScript on and off, and no sideways scrolling at 390 px.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import contactCopy from "../content/contact.json";
import criteriaCopy from "../content/criteria.json";
import emailCopy from "../content/email.json";
import followUp from "../content/follow-up.json";
import siteCopy from "../content/site.json";
import wizardCopy from "../content/eligibility.json";
import { decode, linkTo, mailTo, outboxDrained, waitFor, waitForMail, type Mail } from "./support/inbox";
import { useMailSite } from "./support/mail-site";
import { bytesOnDisk } from "./support/disk";
import { finishWizard, isJoinSent, postJoin, Visitor } from "./support/wizard-client";
import { axeViolations, widthsAt390 } from "./support/a11y";
import { leasePage, type Lease } from "./support/browser";

const site = useMailSite({ STAFF_EMAIL: "staff@anzpop.example" });
const HOBART_CONVENOR = "ruth.convenor@example.org";
const STAFF = "staff@anzpop.example";
const c = contactCopy;
let serial = 0;
const unique = (what: string) => `${what}-${++serial}-${Date.now()}@example.com`;

/* ── Browsers ─────────────────────────────────────────────────────────── */

interface Tab extends Lease {
  js: boolean;
}

/** A clean page: JavaScript on (hydrated), or off. Give it back with `tab.release()`. */
async function openTab(js: boolean, viewport?: { width: number; height: number }, blockScripts = false): Promise<Tab> {
  const lease = await leasePage(site.browser, { js, blockScripts, baseURL: site.base, viewport });
  return { ...lease, js: js && !blockScripts };
}

/** With JavaScript on: waits until React has hydrated the page. */
async function ready(tab: Tab) {
  if (!tab.js) return;
  await tab.page.waitForFunction(() => !(window as unknown as { __remixContext?: unknown }).__remixContext || history.scrollRestoration === "manual");
}

async function goto(tab: Tab, url: string) {
  const res = await tab.page.goto(url);
  await ready(tab);
  return res;
}

const heading = (page: Page) => page.locator("h1").first().innerText();

/** Clicks a button or link and waits for the next page, whose heading is `title` (never the current page's). */
async function pressAndSee(tab: Tab, click: () => Promise<void>, title: string) {
  expect(await heading(tab.page)).not.toBe(title);
  await click();
  await tab.page.locator("main h1").filter({ hasText: title }).waitFor();
  await tab.page.waitForLoadState();
  await ready(tab);
}

/** Submits a form whose answer is its own page with errors, and waits for the error summary. */
async function submitForErrors(tab: Tab, button: string) {
  await tab.page.locator("main").evaluate((m) => m.setAttribute("data-stale", ""));
  await tab.page.getByRole("button", { name: button }).click();
  await tab.page.locator(".error-summary").waitFor();
  if (!tab.js) await tab.page.locator("main:not([data-stale])").waitFor();
}

const summary = (page: Page) => page.locator(".error-summary li").allInnerTexts();
/** The error summary's messages, once they are `expected` (JavaScript updates the summary in place). */
const expectSummary = (page: Page, expected: string[]) => expect.poll(() => summary(page)).toEqual(expected);

/* ── Accessibility and width ──────────────────────────────────────────── */

/**
 * axe on the page as it is now, then no sideways scrolling at 390 px. axe
 * needs JavaScript, so for "JavaScript off" the same page is opened with
 * JavaScript on and the app's own scripts blocked (exactly as the server rendered it).
 */
async function checkPage(page: Page, label: string) {
  expect.soft(await axeViolations(page), `axe on ${label}`).toEqual([]);
  const widths = await widthsAt390(page);
  expect.soft(widths.scrollWidth, `${label} scrolls sideways at 390 px: ${JSON.stringify(widths)}`).toBeLessThanOrEqual(widths.clientWidth);
}

/** A context for axe "without JavaScript": scripts allowed for axe, the app's own blocked. */
function openAxeTab(): Promise<Tab> {
  return openTab(true, undefined, true);
}

/** axe and 390 px on the page `tab` shows, with its own scripts (JS on) and, for JS off, the same URL without them. */
async function checkBothWays(tab: Tab, label: string) {
  if (tab.js) return checkPage(tab.page, `${label} (JavaScript on)`);
  const axe = await openAxeTab();
  try {
    const res = await axe.page.goto(tab.page.url());
    expect(res?.status(), label).toBeLessThan(500);
    await checkPage(axe.page, `${label} (JavaScript off)`);
  } finally {
    await axe.release();
  }
}

/* ── Data ─────────────────────────────────────────────────────────────── */

/** Everything where `address` itself appears in the server's SQLite file (every column of every table, any case). */
function whereAddressIs(address: string): string[] {
  const db = site.db;
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((t) => t.name);
  const escaped = address.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const own = new RegExp(`(?<![a-z0-9!#$%&'*+/=?^_\`{|}~.-])${escaped}(?![a-z0-9-]|\\.[a-z0-9])`, "i");
  const found: string[] = [];
  for (const table of tables) {
    for (const { name } of db.prepare(`PRAGMA table_xinfo("${table}")`).all() as { name: string }[]) {
      const rows = db.prepare(`SELECT CAST("${name}" AS TEXT) AS v FROM "${table}" WHERE instr(lower(CAST("${name}" AS TEXT)), lower(?)) > 0`).all(address) as { v: string }[];
      const n = rows.filter((r) => own.test(r.v)).length;
      if (n) found.push(`${table}.${name} (${n})`);
    }
  }
  return found;
}

const joinRow = (email: string) =>
  site.db.prepare("SELECT id, public_id AS publicId, status, name FROM join_requests WHERE email = ?").get(email) as { id: number; publicId: string; status: string; name: string } | undefined;
const joinStatus = (id: number) => (site.db.prepare("SELECT status FROM join_requests WHERE id = ?").get(id) as { status: string }).status;

/** A join request to Hobart made over HTTP as the form makes it; returns the visitor (its wizard cookie) and the receipt. */
async function askToJoin(name: string, email: string) {
  const visitor = new Visitor(site.server.baseURL);
  await finishWizard(visitor);
  const res = await postJoin(visitor, "hobart", { name, email, note: "I run community meetings.", hopes: ["connection"] });
  expect(isJoinSent(res, "hobart")).toBe(true);
  const [receipt] = await waitForMail(site.smtp, email);
  return { visitor, receipt: receipt!, row: joinRow(email)! };
}

/** Every message to `to` so far (addresses compared in any case: mail servers lower the domain's). */
const mailFor = (to: string) => site.smtp.unique().filter((m) => m.to.some((t) => t.toLowerCase() === to.toLowerCase())).map(decode);

/** The message to `to` whose subject is `subject` (and whose text part holds `holding`), once it arrives. */
async function oneMail(to: string, subject: string, holding = ""): Promise<Mail> {
  return waitFor(`"${subject}" to ${to}`, () => mailFor(to).find((m) => m.subject === subject && m.text.includes(holding)));
}

/** The URL under a button or labelled link in a text part: the label on one line, the URL alone on the next. */
function actionUrl(mail: Mail, label: string): string {
  const m = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\n(https?://\\S+)$`, "m").exec(mail.text);
  if (!m) throw new Error(`no "${label}" in "${mail.subject}"`);
  return m[1]!;
}

/* ── The tests ────────────────────────────────────────────────────────── */

describe.each([
  ["JavaScript on", true],
  ["JavaScript off", false],
])("contact and self-service, %s", (mode, js) => {
  it("Contact: a footer link on every page; errors next to each field; a message stored, emailed to staff with Reply-To the sender, and acknowledged", async () => {
    const tab = await openTab(js);
    try {
      const sender = unique(`contact-${js ? "js" : "nojs"}`);
      // The footer link, from pages old and new.
      for (const path of ["/", "/privacy", "/groups", "/my-data"]) {
        await goto(tab, path);
        expect(await tab.page.locator("footer").getByRole("link", { name: "Contact us" }).getAttribute("href"), path).toBe("/contact");
      }
      await pressAndSee(tab, () => tab.page.locator("footer").getByRole("link", { name: "Contact us" }).click(), c.contact.title);
      expect(new URL(tab.page.url()).pathname).toBe("/contact");
      await checkBothWays(tab, "/contact");

      // Nothing filled in: every error, in the summary and next to its field.
      await submitForErrors(tab, c.contact.button);
      await expectSummary(tab.page, [c.contact.name.errors.required, c.contact.email.errors.required, c.contact.topic.errors.required, c.contact.message.errors.required]);
      // Without JavaScript the page comes back from the server, its title starting "Error: ".
      if (!js) expect(await tab.page.title()).toMatch(/^Error: /);
      await checkBothWays(tab, "/contact with errors");

      // A web address for a name, and a malformed address: refused, what was typed kept.
      await tab.page.getByLabel(c.contact.name.label, { exact: true }).fill("Visit www.prize.example");
      await tab.page.getByLabel(c.contact.email.label, { exact: true }).fill("not an address");
      await submitForErrors(tab, c.contact.button);
      await expectSummary(tab.page, [c.contact.name.errors.link, c.contact.email.errors.invalid, c.contact.topic.errors.required, c.contact.message.errors.required]);
      expect(await tab.page.getByLabel(c.contact.email.label, { exact: true }).inputValue()).toBe("not an address");

      await tab.page.getByLabel(c.contact.name.label, { exact: true }).fill("Mere Tester");
      await tab.page.getByLabel(c.contact.email.label, { exact: true }).fill(sender);
      await tab.page.getByLabel(c.contact.topic.label, { exact: true }).selectOption({ label: c.contact.topic.options.convening });
      const message = `Our group moves to a new room.\nDetails: https://evil.example/x`;
      await tab.page.getByLabel(c.contact.message.label, { exact: true }).fill(message);
      await pressAndSee(tab, () => tab.page.getByRole("button", { name: c.contact.button }).click(), c.contact.sentTitle);
      expect(new URL(tab.page.url()).pathname).toBe("/contact/sent");
      expect(await tab.page.locator("main").innerText()).toContain(c.contact.sentText);
      await checkBothWays(tab, "/contact/sent");

      const stored = site.db.prepare("SELECT id, name, email, topic, message, status FROM contact_messages WHERE email = ?").get(sender);
      expect(stored).toMatchObject({ name: "Mere Tester", email: sender, topic: "convening", message, status: "new" });

      // Staff: Reply-To the sender, their words quoted and never linked.
      const staff = await oneMail(STAFF, `Contact form: ${c.contact.topic.options.convening}`, sender);
      expect(staff.header("Reply-To")).toBe(sender);
      expect(staff.text).toContain(`- About: ${c.contact.topic.options.convening}\n- From: Mere Tester\n- Email: ${sender}\n`);
      expect(staff.text).toContain(`${emailCopy.quoteLabels.sender}\n> Our group moves to a new room.\n> Details: https[:]//evil[.]example/x\n`);
      expect(staff.html).not.toMatch(/href="https:\/\/evil/);
      // The sender: a short acknowledgement with nothing they typed in it.
      const ack = await oneMail(sender, "We have your message");
      expect(ack.text).toContain(`- About: ${c.contact.topic.options.convening}`);
      expect(ack.text).not.toContain("Mere");
      expect(ack.text).not.toContain("new room");
      expect(ack.header("Reply-To")).toBeNull();
    } finally {
      await tab.release();
    }
  });

  it("Withdraw from the receipt's link: a page with a button, the convenor told once, a second click calm", async () => {
    const email = unique(`withdraw-receipt-${js ? "js" : "nojs"}`);
    const name = `Wren Receipt ${js ? "On" : "Off"}`;
    const { receipt, row } = await askToJoin(name, email);
    expect(receipt.text).toContain(`Your reference is ${row.publicId}.`);
    const url = actionUrl(receipt, "Withdraw my request");
    expect(url).toBe(linkTo(receipt, "/join-requests/withdraw"));
    expect(actionUrl(receipt, "Contact ANZPOP")).toBe(`${site.appUrl}/contact`);

    const tab = await openTab(js);
    try {
      // Opening the link (as a mail scanner would) changes nothing.
      expect((await goto(tab, url))?.status()).toBe(200);
      expect(await heading(tab.page)).toBe("Withdraw your request to join Hobart?");
      expect(await tab.page.locator("main").innerText()).toContain(`Your reference is ${row.publicId}.`);
      expect(joinStatus(row.id)).toBe("new");
      await checkBothWays(tab, "/join-requests/withdraw (asking)");

      await pressAndSee(tab, () => tab.page.getByRole("button", { name: c.withdraw.button }).click(), c.withdraw.done.title);
      expect(joinStatus(row.id)).toBe("withdrawn");
      expect(await tab.page.locator("main").innerText()).toContain("We have let Ruth, who convenes Hobart, know.");
      await checkBothWays(tab, "/join-requests/withdraw (withdrawn)");
      const audit = site.db.prepare("SELECT actor, detail FROM audit_log WHERE subject_type = 'join_request' AND subject_id = ? AND action = 'request.withdrawn'").all(row.id);
      expect(audit).toEqual([{ actor: "applicant", detail: expect.stringContaining('"via":"withdraw-link"') }]);

      const notice = await oneMail(HOBART_CONVENOR, "An applicant has withdrawn their request to join Hobart", name);
      expect(notice.text).toContain(`(reference ${row.publicId}). There is nothing for you to answer`);

      // The same link again, and the button posted again: calm, nothing more happens.
      expect((await goto(tab, url))?.status()).toBe(200);
      expect(await heading(tab.page)).toBe(c.withdraw.done.title);
      expect(await tab.page.getByRole("button", { name: c.withdraw.button }).count()).toBe(0);
      const again = await fetch(url, { method: "POST", body: new URLSearchParams(), redirect: "manual" });
      expect(again.status).toBe(200);
      expect(await again.text()).toContain(c.withdraw.done.title);
      await outboxDrained(site.db);
      expect(mailTo(site.smtp, HOBART_CONVENOR).filter((m) => m.text.includes(name))).toHaveLength(2); // the request, and its withdrawal
      expect(mailTo(site.smtp, email)).toHaveLength(1); // only the receipt
    } finally {
      await tab.release();
    }
  });

  it("Withdraw from the 'request sent' page; an accepted request cannot be withdrawn, and says so calmly", async () => {
    const email = unique(`withdraw-page-${js ? "js" : "nojs"}`);
    const name = `Wren Page ${js ? "On" : "Off"}`;
    const { visitor, row } = await askToJoin(name, email);
    const tab = await openTab(js);
    try {
      const [cookieName, ...rest] = visitor.cookie.split("=");
      await tab.context.addCookies([{ name: cookieName!, value: rest.join("="), url: site.base }]);
      await goto(tab, "/eligibility/join/hobart/sent");
      expect(await heading(tab.page)).toBe(wizardCopy.joinSent.title);
      await checkBothWays(tab, "/eligibility/join/hobart/sent");
      await pressAndSee(tab, () => tab.page.getByRole("link", { name: c.withdraw.sentPageLink }).click(), "Withdraw your request to join Hobart?");
      expect(joinStatus(row.id)).toBe("new");
      await pressAndSee(tab, () => tab.page.getByRole("button", { name: c.withdraw.button }).click(), c.withdraw.done.title);
      expect(joinStatus(row.id)).toBe("withdrawn");
      await oneMail(HOBART_CONVENOR, "An applicant has withdrawn their request to join Hobart", name);

      // Another request, accepted by the convenor: its withdraw link says so and changes nothing.
      const other = unique(`withdraw-accepted-${js ? "js" : "nojs"}`);
      const otherName = `Wren Accepted ${js ? "On" : "Off"}`;
      const joined = await askToJoin(otherName, other);
      const convenorMail = await oneMail(HOBART_CONVENOR, "New request to join Hobart", otherName);
      const accept = new URL(actionUrl(convenorMail, `Accept ${otherName}`));
      const accepted = await fetch(`${site.base}${accept.pathname}${accept.search}`, { method: "POST", body: new URLSearchParams({ message: "" }), redirect: "manual" });
      expect(accepted.status).toBe(303);
      expect(joinStatus(joined.row.id)).toBe("accepted");
      const link = actionUrl(joined.receipt, "Withdraw my request");
      expect((await goto(tab, link))?.status()).toBe(200);
      expect(await heading(tab.page)).toBe(c.withdraw.accepted.title);
      expect(await tab.page.locator("main").innerText()).toContain("Ruth accepted your request to join Hobart, so it can no longer be withdrawn here.");
      expect(await tab.page.getByRole("button").filter({ hasText: c.withdraw.button }).count()).toBe(0);
      await checkBothWays(tab, "/join-requests/withdraw (accepted)");
      const forced = await fetch(link, { method: "POST", body: new URLSearchParams(), redirect: "manual" });
      expect(forced.status).toBe(409);
      expect(joinStatus(joined.row.id)).toBe("accepted");

      // A link that was tampered with: a clear page, and nothing changes.
      const tampered = link.replace(/t=([\w-]+)\./, (_m, id: string) => `t=${id.slice(0, -1)}${id.endsWith("A") ? "B" : "A"}.`);
      expect((await goto(tab, tampered))?.status()).toBe(400);
      expect(await heading(tab.page)).toBe(followUp.links.invalid.title);
      await checkBothWays(tab, "/join-requests/withdraw (tampered)");
    } finally {
      await tab.release();
    }
  });

  it("See or delete my data: the same answer for any address, an emailed link, everything listed, erased on a button, then gone from the database", async () => {
    const email = unique(`mydata-${js ? "js" : "nojs"}`);
    const name = `Petra Data ${js ? "On" : "Off"}`;
    // Leave a join request (still open), a newsletter sign-up and a message.
    const { row } = await askToJoin(name, email);
    expect((await new Visitor(site.server.baseURL).post("/newsletter", { email, interests: ["training_events"] })).status).toBe(303);
    expect((await new Visitor(site.server.baseURL).post("/contact", { name, email, topic: "my_data", message: "What do you hold?" })).status).toBe(303);
    await waitForMail(site.smtp, email, 3);

    const tab = await openTab(js);
    try {
      // From the Privacy page.
      await goto(tab, "/privacy");
      await checkBothWays(tab, "/privacy");
      await pressAndSee(tab, () => tab.page.locator("main").getByRole("link", { name: "See or delete your data" }).first().click(), c.myData.title);
      await checkBothWays(tab, "/my-data");
      await submitForErrors(tab, c.myData.button);
      await expectSummary(tab.page, [c.myData.email.errors.required]);
      await checkBothWays(tab, "/my-data with errors");

      // An address we hold nothing for gets the very same page as one we do.
      const stranger = unique("stranger");
      await tab.page.getByLabel(c.myData.email.label, { exact: true }).fill(stranger);
      await pressAndSee(tab, () => tab.page.getByRole("button", { name: c.myData.button }).click(), c.myData.sentTitle);
      const strangerPage = await tab.page.locator("main").innerText();
      await checkBothWays(tab, "/my-data/sent");
      await goto(tab, "/my-data");
      await tab.page.getByLabel(c.myData.email.label, { exact: true }).fill(email.toUpperCase());
      await pressAndSee(tab, () => tab.page.getByRole("button", { name: c.myData.button }).click(), c.myData.sentTitle);
      expect(await tab.page.locator("main").innerText()).toBe(strangerPage);

      const mail = await oneMail(email, emailCopy.templates["privacy.link"].subject);
      const link = actionUrl(mail, "See what we hold");
      expect(new URL(link).pathname).toBe("/my-data/held");

      // What we hold, kind by kind.
      expect((await goto(tab, link))?.status()).toBe(200);
      expect(await heading(tab.page)).toBe(c.myData.held.title);
      const main = tab.page.locator("main");
      expect(await main.innerText()).toContain(`This is everything we hold for ${email}.`);
      for (const h of [c.myData.held.joinRequests.heading, c.myData.held.newsletter.heading, c.myData.held.contact.heading, c.myData.held.emails.heading]) {
        expect(await main.getByRole("heading", { level: 2, name: h }).count(), h).toBe(1);
      }
      expect(await main.getByRole("heading", { level: 3, name: "Hobart" }).count()).toBe(1);
      expect(await main.innerText()).toContain(name);
      expect(await main.innerText()).toContain(row.publicId);
      expect(await main.innerText()).toContain("What do you hold?");
      await checkBothWays(tab, "/my-data/held");
      expect(joinStatus(row.id)).toBe("new");

      // Erase: a page that asks, then the button.
      await pressAndSee(tab, () => main.getByRole("link", { name: c.myData.held.eraseButton }).click(), `Erase everything we hold for ${email}?`);
      await checkBothWays(tab, "/my-data/erase");
      expect(whereAddressIs(email).length).toBeGreaterThan(0);
      await pressAndSee(tab, () => tab.page.getByRole("button", { name: c.myData.erase.button }).click(), c.myData.erased.title);
      expect(new URL(tab.page.url()).pathname).toBe("/my-data/erased");
      await checkBothWays(tab, "/my-data/erased");

      // Gone from the SQLite file, and from its bytes (free pages, the WAL); the request kept for counts,
      // withdrawn, its convenor told without the name.
      expect(whereAddressIs(email)).toEqual([]);
      expect(bytesOnDisk(site.server.databasePath, [email, name])).toEqual({});
      expect(site.db.prepare("SELECT status, name, email, note FROM join_requests WHERE id = ?").get(row.id)).toEqual({ status: "withdrawn", name: "", email: "", note: "" });
      const notice = await oneMail(HOBART_CONVENOR, "A request to join Hobart has been withdrawn", row.publicId);
      expect(notice.text).toContain(`(reference ${row.publicId})`);
      expect(notice.text).not.toContain(name);
      expect(site.db.prepare("SELECT action, detail FROM audit_log WHERE subject_type = 'privacy' AND action = 'privacy.erased' ORDER BY id DESC LIMIT 1").get()).toMatchObject({
        detail: expect.stringContaining('"joinRequests":1'),
      });
      expect(JSON.stringify(site.db.prepare("SELECT * FROM audit_log WHERE subject_type = 'privacy'").all())).not.toContain(email);

      // The link has done its job.
      expect((await goto(tab, link))?.status()).toBe(410);
      expect(await heading(tab.page)).toBe(c.myData.used.title);
      await checkBothWays(tab, "/my-data/held (used)");
      expect(whereAddressIs(email)).toEqual([]);
    } finally {
      await tab.release();
    }
  });
});

describe("ways on, and the home and 'who it is for' pages", () => {
  it("newsletter confirmed, unsubscribed and the convenor's thank-you each offer a way on; the home title names the service once", async () => {
    const tab = await openTab(false);
    try {
      await goto(tab, "/newsletter/confirm?done=1");
      expect(await heading(tab.page)).toBe(followUp.newsletter.confirm.doneTitle);
      expect(await tab.page.locator("main").getByRole("link", { name: c.wayOn.findGroup }).getAttribute("href")).toBe("/groups");
      expect(await tab.page.locator("main").getByRole("link", { name: c.wayOn.home }).getAttribute("href")).toBe("/");
      await checkBothWays(tab, "/newsletter/confirm?done=1");

      const email = unique("wayon");
      expect((await new Visitor(site.server.baseURL).post("/newsletter", { email, interests: ["convening"] })).status).toBe(303);
      const [confirm] = await waitForMail(site.smtp, email);
      await goto(tab, linkTo(confirm!, "/newsletter/unsubscribe"));
      await pressAndSee(tab, () => tab.page.getByRole("button", { name: followUp.newsletter.unsubscribe.button }).click(), followUp.newsletter.unsubscribe.doneTitle);
      expect(await tab.page.locator("main").getByRole("link", { name: c.wayOn.signUpAgain }).getAttribute("href")).toBe("/newsletter");
      await checkBothWays(tab, "/newsletter/unsubscribe (done)");

      await goto(tab, "/join-requests/decide/done?answer=accepted");
      expect(await heading(tab.page)).toBe(wizardCopy.joinDecide.done.title);
      expect(await tab.page.locator("main").getByRole("link", { name: c.wayOn.convenorArea }).getAttribute("href")).toBe("/convenor");
      await checkBothWays(tab, "/join-requests/decide/done");

      await goto(tab, "/");
      expect(await tab.page.title()).toBe(siteCopy.serviceName);
      await checkBothWays(tab, "/");
      await goto(tab, "/who-is-it-for");
      expect(await tab.page.getByRole("heading", { level: 2, name: criteriaCopy.motivesHeading }).count()).toBe(1);
      await checkBothWays(tab, "/who-is-it-for");
    } finally {
      await tab.release();
    }
  });
});
