/**
 * Newsletter emails end to end: the production server (build/) with a real
 * SMTP server; the exact messages received; their links followed in real
 * Chromium with JavaScript on and off; RFC 8058 one-click unsubscribe as a
 * mail client sends it; the waiting list when a group opens (the documented
 * script, run twice and flipped); tampered, reused and expired links.
 */
import Database from "better-sqlite3";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { type Browser, type Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import followUp from "../content/follow-up.json";
import wizardCopy from "../content/eligibility.json";
import { linkTo, mailTo, outboxDrained, waitForMail, type Mail } from "./support/inbox";
import { type RunningServer } from "./support/server";
import { tamper } from "./support/tamper";
import { type TestSmtp } from "./support/smtp";
import { useMailSite } from "./support/mail-site";
import { Visitor, type FormFields } from "./support/wizard-client";

const ROOT = path.resolve(import.meta.dirname, "..");
const MAIL_FROM = "pwcop@anzpop.example";

const site = useMailSite();
let smtp: TestSmtp;
let server: RunningServer;
let browser: Browser;
let db: Database.Database;
/** The site as visitors reach it in these tests. */
let base: string;
/** Where links in emails point: APP_URL's default, http://localhost:PORT. */
let appUrl: string;
beforeAll(() => {
  ({ smtp, server, browser, db, base, appUrl } = site);
});

const signup = (email: string) =>
  db.prepare("SELECT id, confirmed_at AS confirmedAt, unsubscribed_at AS unsubscribedAt, waiting_since AS waitingSince FROM newsletter_signups WHERE email = ?").get(email) as
    | { id: number; confirmedAt: string | null; unsubscribedAt: string | null; waitingSince: string | null }
    | undefined;

/** Christchurch 8011, in person within 25 km: the Christchurch group is only forming, so no group is near. */
const CHRISTCHURCH: Array<[string, FormFields]> = [
  ["experience", { experience: "workshops" }],
  ["practice", { practice: "paid" }],
  ["supervision", { supervision: "no" }],
  ["hopes", { hopes: [] }],
  ["location", { country: "NZ", place: "8011", format: "in_person", distanceKm: "25" }],
  ["check", {}],
];

/** Signs up over HTTP, as the newsletter outcome page's form does. */
async function signUpOverHttp(email: string, interests: string[], answers?: Array<[string, FormFields]>) {
  const v = new Visitor(server.baseURL);
  for (const [step, fields] of answers ?? []) expect((await v.post(`/eligibility/${step}`, fields)).status).toBe(303);
  const res = await v.post("/newsletter", { email, interests });
  expect(res.status).toBe(303);
  expect(res.headers.get("location")).toBe("/newsletter/thanks");
  const [mail] = await waitForMail(smtp, email);
  return mail!;
}

function expectNewsletterHeaders(mail: Mail, unsubscribeUrl: string) {
  expect(mail.header("List-Unsubscribe")).toBe(`<${unsubscribeUrl}>`);
  expect(mail.header("List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
  expect(mail.html).toContain(`href="${unsubscribeUrl.replace(/&/g, "&amp;")}"`);
  expect(mail.html).not.toMatch(/<img|<script/i);
}

function expectConfirmationMail(mail: Mail, to: string) {
  expect(mail.to).toEqual([to]);
  expect(mail.from).toBe(MAIL_FROM);
  expect(mail.subject).toBe("Confirm your sign-up to ANZPOP news");
  const confirmUrl = linkTo(mail, "/newsletter/confirm");
  const unsubscribeUrl = linkTo(mail, "/newsletter/unsubscribe");
  expect(confirmUrl).toMatch(new RegExp(`^${appUrl}/newsletter/confirm\\?t=[\\w-]+\\.[\\w-]+$`));
  expect(unsubscribeUrl).toMatch(new RegExp(`^${appUrl}/newsletter/unsubscribe\\?t=\\d+\\.[\\w-]+$`));
  expectNewsletterHeaders(mail, unsubscribeUrl);
  return { confirmUrl, unsubscribeUrl };
}

const heading = (page: Page) => page.locator("h1").first().innerText();

describe.each([
  ["JavaScript on", true],
  ["JavaScript off", false],
])("newsletter double opt-in, %s", (_label, javaScriptEnabled) => {
  it("signs up unconfirmed, emails one confirmation, and confirms only when the button is pressed", async () => {
    const email = `optin-${javaScriptEnabled ? "js" : "nojs"}@example.com`;
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    try {
      await page.goto(`${base}/newsletter`);
      await page.fill('input[name="email"]', email);
      await page.check('input[name="interests"][value="training_events"]', { force: true });
      await page.getByRole("button", { name: wizardCopy.newsletter.button }).click();
      await page.waitForURL(`${base}/newsletter/thanks`);
      await expect.poll(() => heading(page)).toBe("Check your email to confirm");

      const [mail] = await waitForMail(smtp, email);
      const { confirmUrl } = expectConfirmationMail(mail!, email);
      expect(signup(email)).toMatchObject({ confirmedAt: null, unsubscribedAt: null });

      // Opening the link (as a mail scanner would) changes nothing.
      const opened = await page.goto(confirmUrl);
      expect(opened?.status()).toBe(200);
      await expect.poll(() => heading(page)).toBe(followUp.newsletter.confirm.title);
      expect(signup(email)?.confirmedAt).toBeNull();

      await page.getByRole("button", { name: followUp.newsletter.confirm.button }).click();
      await page.waitForURL(`${appUrl}/newsletter/confirm?done=1`);
      await expect.poll(() => heading(page)).toBe(followUp.newsletter.confirm.doneTitle);
      expect(signup(email)?.confirmedAt).toBeTruthy();

      // The link works once.
      const again = await page.goto(confirmUrl);
      expect(again?.status()).toBe(410);
      await expect.poll(() => heading(page)).toBe(followUp.links.used.title);
      await outboxDrained(db);
      expect(mailTo(smtp, email)).toHaveLength(1);
    } finally {
      await context.close();
    }
  });

  it("unsubscribes from the link in the email with one button, no login", async () => {
    const email = `unsub-button-${javaScriptEnabled ? "js" : "nojs"}@example.com`;
    const { unsubscribeUrl } = expectConfirmationMail(await signUpOverHttp(email, ["convening"]), email);
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    try {
      await page.goto(unsubscribeUrl);
      await expect.poll(() => heading(page)).toBe(followUp.newsletter.unsubscribe.title);
      expect(signup(email)?.unsubscribedAt).toBeNull();
      await page.getByRole("button", { name: followUp.newsletter.unsubscribe.button }).click();
      await page.getByRole("heading", { name: followUp.newsletter.unsubscribe.doneTitle }).waitFor();
      expect(signup(email)?.unsubscribedAt).toBeTruthy();
    } finally {
      await context.close();
    }
  });
});

describe("one-click unsubscribe (RFC 8058)", () => {
  it("a mail client's POST with List-Unsubscribe=One-Click and no cookie unsubscribes and answers 200", async () => {
    const email = "one-click@example.com";
    // News of training and convening needs no place ("New groups near me" does: see the waiting-list tests).
    const { confirmUrl, unsubscribeUrl } = expectConfirmationMail(await signUpOverHttp(email, ["training_events", "convening"]), email);
    // The confirm button posts to the link's own address.
    const confirm = await fetch(confirmUrl, { method: "POST", body: new URLSearchParams(), redirect: "manual" });
    expect(confirm.status).toBe(303);
    expect(signup(email)?.confirmedAt).toBeTruthy();

    const post = () =>
      fetch(unsubscribeUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click", redirect: "manual" });
    const res = await post();
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(followUp.newsletter.unsubscribe.doneTitle);
    const row = signup(email)!;
    expect(row.unsubscribedAt).toBeTruthy();
    // Safe to repeat; the first time stands.
    expect((await post()).status).toBe(200);
    expect(signup(email)?.unsubscribedAt).toBe(row.unsubscribedAt);
  });

  it("a tampered unsubscribe link shows a clear page and changes nothing", async () => {
    const email = "tampered-unsub@example.com";
    const { unsubscribeUrl } = expectConfirmationMail(await signUpOverHttp(email, ["convening"]), email);
    const id = signup(email)!.id;
    const forged = unsubscribeUrl.replace(`t=${id}.`, `t=${id + 1000}.`);
    const res = await fetch(forged, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(followUp.links.invalid.title);
    const page = await browser.newPage();
    try {
      expect((await page.goto(forged))?.status()).toBe(400);
      await expect.poll(() => heading(page)).toBe(followUp.links.invalid.title);
      expect(await page.getByRole("button", { name: followUp.newsletter.unsubscribe.button }).count()).toBe(0);
    } finally {
      await page.close();
    }
    expect(signup(email)?.unsubscribedAt).toBeNull();
  });
});

describe("confirmation links that cannot be used", () => {
  it("tampered or expired: a clear page, and the sign-up stays unconfirmed", async () => {
    const email = "bad-links@example.com";
    const { confirmUrl } = expectConfirmationMail(await signUpOverHttp(email, ["training_events"]), email);
    const t = new URL(confirmUrl).searchParams.get("t")!;
    const page = await browser.newPage();
    try {
      const tampered = `${base}/newsletter/confirm?t=${tamper(t, 3)}`;
      expect((await page.goto(tampered))?.status()).toBe(400);
      await expect.poll(() => heading(page)).toBe(followUp.links.invalid.title);
      const forcedPost = await fetch(`${base}/newsletter/confirm`, { method: "POST", body: new URLSearchParams({ t: tamper(t, 3) }), redirect: "manual" });
      expect(forcedPost.status).toBe(400);

      db.prepare("UPDATE tokens SET expires_at = '2000-01-01T00:00:00.000Z' WHERE id = ?").run(t.split(".")[0]);
      expect((await page.goto(confirmUrl))?.status()).toBe(410);
      await expect.poll(() => heading(page)).toBe(followUp.links.expired.title);
      expect(await page.getByRole("link", { name: followUp.newsletter.confirm.signUpAgain }).getAttribute("href")).toBe("/newsletter");
      const expiredPost = await fetch(`${base}/newsletter/confirm`, { method: "POST", body: new URLSearchParams({ t }), redirect: "manual" });
      expect(expiredPost.status).toBe(410);
    } finally {
      await page.close();
    }
    expect(signup(email)?.confirmedAt).toBeNull();
  });
});

const exec = promisify(execFile);
/** `npm run group:status -- <slug> <status>`, with the server's settings. */
async function groupStatus(slug: string, status: string) {
  const { stdout } = await exec(process.execPath, ["--import", "tsx", "scripts/set-group-status.ts", slug, status], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: server.databasePath, PORT: new URL(base).port, LOG_LEVEL: "warn" },
  });
  return stdout;
}

describe("tell me when a group starts near me", () => {
  it("someone in Christchurch 8011 on the waiting list gets exactly one email when the Christchurch group opens", async () => {
    const email = "christchurch@example.com";
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      // The wizard in the browser, without JavaScript.
      await page.goto(`${base}/eligibility/experience`);
      for (const [i, [step, fields]] of CHRISTCHURCH.entries()) {
        expect(page.url()).toBe(`${base}/eligibility/${step}`);
        for (const [name, value] of Object.entries(fields)) {
          if (Array.isArray(value)) continue;
          const input = page.locator(`[name="${name}"]`).first();
          if ((await input.getAttribute("type")) === "radio") await page.check(`input[name="${name}"][value="${value}"]`, { force: true });
          else await input.fill(value);
        }
        await page.locator("main form button[type=submit]").first().click();
        await page.waitForURL(`${base}/eligibility/${CHRISTCHURCH[i + 1]?.[0] ?? "outcome"}`);
      }
      expect(page.url()).toBe(`${base}/eligibility/outcome`);
      expect(await page.locator("main").getAttribute("data-reasons")).toBe("no_group_nearby");
      expect(await page.locator("[data-waiting-list]").innerText()).toBe(
        followUp.newsletter.waitingList.inPerson.replace("{distance}", "25 km").replace("{place}", "Christchurch Central, Canterbury 8011, NZ"),
      );
      expect(await page.isChecked('input[name="interests"][value="new_groups"]')).toBe(true);
      await page.fill('input[name="email"]', email);
      // On a waiting-list outcome the sign-up's button says what it does.
      await page.getByRole("button", { name: wizardCopy.outcome.waitingListButton }).click();
      await page.waitForURL(`${base}/newsletter/thanks`);

      const [confirmation] = await waitForMail(smtp, email);
      const { confirmUrl } = expectConfirmationMail(confirmation!, email);
      await page.goto(confirmUrl);
      await page.getByRole("button", { name: followUp.newsletter.confirm.button }).click();
      await page.waitForURL(/done=1$/);
      expect(signup(email)).toMatchObject({ confirmedAt: expect.any(String), waitingSince: expect.any(String) });

      // Someone else on the same waiting list who never confirmed is not told.
      const unconfirmed = "christchurch-unconfirmed@example.com";
      await signUpOverHttp(unconfirmed, ["new_groups"], CHRISTCHURCH);

      expect(await groupStatus("christchurch-central", "open")).toContain("1 email(s) queued, 0 already told");
      expect(await groupStatus("christchurch-central", "open")).toContain("0 email(s) queued, 1 already told");
      await groupStatus("christchurch-central", "forming");
      expect(await groupStatus("christchurch-central", "open")).toContain("0 email(s) queued, 1 already told");

      const mails = await waitForMail(smtp, email, 2);
      await outboxDrained(db); // all that was queued has arrived: nothing else will
      const opened = mailTo(smtp, email).filter((m) => m.subject !== "Confirm your sign-up to ANZPOP news");
      expect(opened).toHaveLength(1);
      expect(mails).toHaveLength(2);
      const [news] = opened;
      expect(news!.to).toEqual([email]);
      expect(news!.subject).toBe("A group has opened near you: Christchurch");
      expect(news!.text).toContain("- Where it meets: Christchurch Central, Canterbury, about 1 km from Christchurch Central, Canterbury 8011");
      expectNewsletterHeaders(news!, linkTo(news!, "/newsletter/unsubscribe"));
      expect(linkTo(news!, "/newsletter/unsubscribe")).toBe(linkTo(confirmation!, "/newsletter/unsubscribe"));
      expect(mailTo(smtp, unconfirmed)).toHaveLength(1);

      // Its link leads to checking again, where the group is now offered.
      const checkUrl = linkTo(news!, "/eligibility");
      expect((await page.goto(checkUrl))?.status()).toBe(200);
      const v = new Visitor(server.baseURL);
      for (const [step, fields] of CHRISTCHURCH) await v.post(`/eligibility/${step}`, fields);
      expect(await (await v.get("/eligibility/outcome")).text()).toContain('data-outcome="group"');
    } finally {
      await context.close();
    }
  });
});
