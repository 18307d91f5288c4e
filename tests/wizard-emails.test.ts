/**
 * Wizard emails end to end, against the production server (build/) and a
 * real SMTP server, in real Chromium with JavaScript on and off:
 * "Email me a link to continue" opened on another device (a fresh browser
 * context, no cookie), and "Remind me to check again" on the training outcome
 * with its cancel link (including RFC 8058 one-click). Links that are
 * tampered with, reused or expired show a clear page and change nothing.
 */
import Database from "better-sqlite3";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import followUp from "../content/follow-up.json";
import { linkTo, mailTo, outboxDrained, waitForMail } from "./support/inbox";
import { tamper } from "./support/tamper";
import { type TestSmtp } from "./support/smtp";
import { useMailSite } from "./support/mail-site";
import { Visitor } from "./support/wizard-client";

const MAIL_FROM = "pwcop@anzpop.example";
const save = followUp.saveForLater;

const site = useMailSite();
let smtp: TestSmtp;
let browser: Browser;
let db: Database.Database;
/** The site as visitors reach it in these tests. */
let base: string;
/** Where links in emails point: APP_URL's default, http://localhost:PORT. */
let appUrl: string;
beforeAll(() => {
  ({ smtp, browser, db, base, appUrl } = site);
});

const heading = (page: Page) => page.locator("h1").first().innerText();
const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

async function answer(page: Page, name: string, value: string, next: string) {
  await page.check(`input[name="${name}"][value="${value}"]`, { force: true });
  await page.locator("main form button[type=submit]").first().click();
  await page.waitForURL(new RegExp(`/eligibility/${next}$`));
}

/** The address appears nowhere in the database but in the outbox message. */
function expectStoredOnlyInOutbox(email: string) {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('outbox', 'places')").all() as { name: string }[];
  for (const { name } of tables) expect(JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all()), name).not.toContain(email);
  expect(count(`outbox WHERE to_address = '${email}'`)).toBe(1);
}

describe.each([
  ["JavaScript on", true],
  ["JavaScript off", false],
])("email me a link to continue, %s", (_label, javaScriptEnabled) => {
  it("restores the answers on another device from the emailed link, once", async () => {
    const email = `resume-${javaScriptEnabled ? "js" : "nojs"}@example.com`;
    const contexts: BrowserContext[] = [];
    const newContext = async () => {
      const c = await browser.newContext({ javaScriptEnabled });
      contexts.push(c);
      return c;
    };
    try {
      const phone = await (await newContext()).newPage();
      await phone.goto(`${base}/eligibility/experience`);
      expect(await phone.getByRole("link", { name: save.link }).count()).toBe(0); // nothing to save yet
      await answer(phone, "experience", "workshops", "practice");
      await answer(phone, "practice", "paid", "supervision");

      await phone.getByRole("link", { name: save.link }).click();
      await phone.waitForURL(`${base}/eligibility/save`);
      await expect.poll(() => heading(phone)).toBe(save.title);
      await phone.fill('input[name="email"]', "not an address");
      await phone.getByRole("button", { name: save.button }).click();
      await phone.getByText(save.email.errors.invalid).first().waitFor();
      await phone.fill('input[name="email"]', email);
      await phone.getByRole("button", { name: save.button }).click();
      await phone.waitForURL(`${base}/eligibility/save?sent=1`);
      await expect.poll(() => heading(phone)).toBe(save.sentTitle);

      const [mail] = await waitForMail(smtp, email);
      expect(mail!.to).toEqual([email]);
      expect(mail!.from).toBe(MAIL_FROM);
      expect(mail!.subject).toBe("Your link to continue: is a Process Work Community of Practice for you?");
      expect(mail!.header("List-Unsubscribe")).toBeNull();
      const resumeUrl = linkTo(mail!, "/eligibility/resume");
      expect(resumeUrl).toMatch(new RegExp(`^${appUrl}/eligibility/resume\\?t=[\\w-]+\\.[\\w-]+$`));
      expectStoredOnlyInOutbox(email);

      // Another device: a fresh browser with no cookie.
      const laptopContext = await newContext();
      const laptop = await laptopContext.newPage();
      const sessions = count("wizard_sessions");
      expect((await laptop.goto(resumeUrl))?.status()).toBe(200);
      await expect.poll(() => heading(laptop)).toBe(save.resumeTitle);
      expect(await laptopContext.cookies()).toEqual([]);
      expect(count("wizard_sessions")).toBe(sessions); // opening the link changes nothing
      await laptop.getByRole("button", { name: save.resumeButton }).click();
      await laptop.waitForURL(`${appUrl}/eligibility/supervision`);
      expect(count("wizard_sessions")).toBe(sessions + 1);
      await laptop.goto(`${appUrl}/eligibility/practice`);
      expect(await laptop.isChecked('input[name="practice"][value="paid"]')).toBe(true);
      await laptop.goto(`${appUrl}/eligibility/experience`);
      expect(await laptop.isChecked('input[name="experience"][value="workshops"]')).toBe(true);

      // The laptop has its own copy: answering there leaves the phone where it was.
      await laptop.goto(`${appUrl}/eligibility/supervision`);
      await answer(laptop, "supervision", "no", "hopes");
      await phone.goto(`${base}/eligibility/hopes`);
      expect(phone.url()).toBe(`${base}/eligibility/supervision`);

      // The link works once.
      const third = await (await newContext()).newPage();
      expect((await third.goto(resumeUrl))?.status()).toBe(410);
      await expect.poll(() => heading(third)).toBe(followUp.links.used.title);
      expect(await third.getByRole("link", { name: save.startAgain }).getAttribute("href")).toBe("/eligibility");
    } finally {
      for (const c of contexts) await c.close();
    }
  });
});

describe("links to continue that cannot be used", () => {
  async function savedLink(email: string) {
    const v = new Visitor(base);
    expect((await v.post("/eligibility/experience", { experience: "training_program" })).status).toBe(303);
    const res = await v.post("/eligibility/save", { email });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/eligibility/save?sent=1");
    const [mail] = await waitForMail(smtp, email);
    return linkTo(mail!, "/eligibility/resume");
  }

  it("tampered or expired: a clear page, no session, no cookie", async () => {
    const url = await savedLink("resume-bad@example.com");
    const t = new URL(url).searchParams.get("t")!;
    const sessions = count("wizard_sessions");
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      expect((await page.goto(`${base}/eligibility/resume?t=${t.slice(0, -4)}AAAA`))?.status()).toBe(400);
      await expect.poll(() => heading(page)).toBe(followUp.links.invalid.title);
      const tampered = await fetch(`${base}/eligibility/resume`, { method: "POST", body: new URLSearchParams({ t: tamper(t, 4) }), redirect: "manual" });
      expect(tampered.status).toBe(400);
      expect(tampered.headers.get("set-cookie")).toBeNull();

      db.prepare("UPDATE tokens SET expires_at = '2000-01-01T00:00:00.000Z' WHERE id = ?").run(t.split(".")[0]);
      expect((await page.goto(url))?.status()).toBe(410);
      await expect.poll(() => heading(page)).toBe(followUp.links.expired.title);
      expect(await page.getByRole("button", { name: save.resumeButton }).count()).toBe(0);
      const expired = await fetch(`${base}/eligibility/resume`, { method: "POST", body: new URLSearchParams({ t }), redirect: "manual" });
      expect(expired.status).toBe(410);
      expect(expired.headers.get("set-cookie")).toBeNull();
      expect(await context.cookies()).toEqual([]);
    } finally {
      await context.close();
    }
    expect(count("wizard_sessions")).toBe(sessions);
    expect(db.prepare("SELECT used_at FROM tokens WHERE id = ?").get(t.split(".")[0])).toEqual({ used_at: null });
  });

  it("without answers there is nothing to save", async () => {
    const res = await fetch(`${base}/eligibility/save`, { redirect: "manual" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/eligibility");
  });
});

describe.each([
  ["JavaScript on", true],
  ["JavaScript off", false],
])("remind me to check again, %s", (_label, javaScriptEnabled) => {
  it("sets one reminder from the training outcome, confirms it by email, and cancels with one click", async () => {
    const email = `recheck-${javaScriptEnabled ? "js" : "nojs"}@example.com`;
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    try {
      await page.goto(`${base}/eligibility/experience`);
      await answer(page, "experience", "none", "check");
      await page.locator("main form button[type=submit]").first().click();
      await page.waitForURL(`${base}/eligibility/outcome`);
      expect(await page.locator("main[data-outcome]").getAttribute("data-outcome")).toBe("training");

      await page.getByRole("heading", { name: followUp.recheck.heading }).waitFor();
      await page.fill('input[name="email"]', email);
      await page.check('input[name="months"][value="6"]', { force: true });
      await page.getByRole("button", { name: followUp.recheck.button }).click();
      await page.waitForURL(`${base}/eligibility/reminder?set=6`);
      await expect.poll(() => heading(page)).toBe(followUp.recheck.setTitle);

      const [mail] = await waitForMail(smtp, email);
      expect(mail!.to).toEqual([email]);
      expect(mail!.subject).toBe("Your reminder to check again is set");
      const cancelUrl = linkTo(mail!, "/eligibility/reminder/cancel");
      expect(mail!.header("List-Unsubscribe")).toBe(`<${cancelUrl}>`);
      expect(mail!.header("List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
      const row = () => db.prepare("SELECT email, months, sent_at AS sentAt, cancelled_at AS cancelledAt FROM recheck_reminders WHERE id = ?").get(Number(new URL(cancelUrl).searchParams.get("t")!.split(".")[0])) as Record<string, unknown>;
      expect(row()).toMatchObject({ email, months: 6, sentAt: null, cancelledAt: null });

      // Opening the cancel link shows a button and changes nothing; a mail client's one-click POST cancels.
      expect((await page.goto(cancelUrl))?.status()).toBe(200);
      await expect.poll(() => heading(page)).toBe(followUp.recheck.cancel.title);
      expect(row().cancelledAt).toBeNull();
      const res = await fetch(cancelUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" });
      expect(res.status).toBe(200);
      expect(row()).toMatchObject({ email: null, cancelledAt: expect.any(String) });
      // The button says the same, again.
      await page.getByRole("button", { name: followUp.recheck.cancel.button }).click();
      await page.getByRole("heading", { name: followUp.recheck.cancel.doneTitle }).waitFor();
      await outboxDrained(db);
      expect(mailTo(smtp, email)).toHaveLength(1);
    } finally {
      await context.close();
    }
  });
});
