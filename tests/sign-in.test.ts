/**
 * Passwordless sign-in end to end, against the production server (build/),
 * a real SMTP server and real Chromium with JavaScript on and off: the
 * emailed code typed in (keyboard only) and the emailed link on another
 * browser; wrong, locked and expired codes; sign out here and everywhere;
 * the same answer for addresses with and without an account; rate limits
 * and the per-address cap on codes; the session cookie; axe and 390 px.
 *
 * Accounts (convenors of Hobart) are added straight to the server's SQLite
 * file, one address per test, so that no test uses up another's codes (5 an
 * hour per address). A sign-in lands on /convenor by default; being signed
 * in is read from /account ("You are signed in as …").
 */
import crypto from "node:crypto";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it, type ExpectStatic } from "vitest";
import copy from "../content/account.json";
import convenorCopy from "../content/convenor.json";
import { RECIPIENT_CAPS } from "../app/email/recipient-caps";
import { SIGN_IN_POSTS_PER_15_MINUTES } from "../app/utils/rate-limit.server";
import { openSession, tabTo, waitUntil, type Session } from "./support/browser";
import { linkTo, mailTo, outboxDrained, waitForMail, type Mail } from "./support/inbox";
import { addAccount } from "./support/back-office";
import { useMailSite, type MailSite } from "./support/mail-site";
import { axeViolations, widthsAt390 } from "./support/a11y";

const SUBJECT = "Your PWCOP sign-in code";
const SIGN_IN = "/sign-in";
const CODE_PATH = "/sign-in/code";
const ACCOUNT = "/account";
const LOCKED = copy.code.errors.locked;
const WRONG = copy.code.errors.wrong;
const MODES = [
  { mode: "JavaScript on", js: true },
  { mode: "JavaScript off", js: false },
];

// Rate limits off (the test servers' default): browser journeys post from one address.
const site = useMailSite();

// --- Accounts, mail and the database ------------------------------------------

let accounts = 0;
/** A new convenor of Hobart, with an address no other test uses. */
const newAccount = (s: MailSite, tag: string): string => addAccount(s.db, `${tag}-${++accounts}@example.org`, "convenor", ["hobart"]);

const userId = (s: MailSite, email: string) => (s.db.prepare("SELECT id FROM users WHERE email = ?").get(email) as { id: number }).id;
const sessionIds = (s: MailSite, email: string) =>
  (s.db.prepare("SELECT id FROM sessions WHERE user_id = ? ORDER BY created_at").all(userId(s, email)) as { id: string }[]).map((r) => r.id);
const codeRow = (s: MailSite, id: string) =>
  s.db.prepare("SELECT email_key AS emailKey, user_id AS userId, attempts, used_at AS usedAt FROM sign_in_codes WHERE id = ?").get(id) as
    | { emailKey: string; userId: number | null; attempts: number; usedAt: string | null }
    | undefined;
const outboxCount = (s: MailSite, email: string) => (s.db.prepare("SELECT count(*) AS n FROM outbox WHERE recipient_key = ?").get(email) as { n: number }).n;

interface Code {
  mail: Mail;
  code: string;
  /** The link in the email, to APP_URL. */
  link: string;
  /** The pending sign-in's id, from the link. */
  id: string;
}

/** The sign-in emails an address receives, one at a time, in order. */
function inboxOf(s: MailSite, email: string) {
  let seen = 0;
  return {
    async next(): Promise<Code> {
      const all = await waitForMail(s.smtp, email, seen + 1);
      const mail = all[seen++]!;
      expect(mail.subject).toBe(SUBJECT);
      const code = /^(\d{6})$/m.exec(mail.text)?.[1];
      if (!code) throw new Error(`no 6-digit code in:\n${mail.text}`);
      const link = linkTo(mail, CODE_PATH);
      const url = new URL(link);
      expect(url.searchParams.get("code")).toBe(code);
      return { mail, code, link, id: url.searchParams.get("id")! };
    },
  };
}

/** A 6-digit code that is not `code`. */
const wrongFor = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

/** Waits until the outbox has nothing left to send. */

// --- HTTP without a browser ---------------------------------------------------

async function post(base: string, path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    redirect: "manual",
  });
}

/** Set-Cookie's attributes, by lower-case name ("" for flags). */
function cookieParts(setCookie: string): { name: string; value: string; attrs: Map<string, string> } {
  const [pair, ...rest] = setCookie.split(";").map((p) => p.trim());
  const eq = pair!.indexOf("=");
  const attrs = new Map<string, string>();
  for (const a of rest) {
    const i = a.indexOf("=");
    attrs.set((i < 0 ? a : a.slice(0, i)).toLowerCase(), i < 0 ? "" : a.slice(i + 1));
  }
  return { name: pair!.slice(0, eq), value: pair!.slice(eq + 1), attrs };
}

/** The session id inside a signed pwcop_session cookie value (base64 JSON, then "." and the signature). */
function sessionIdIn(cookieValue: string): string {
  const v = decodeURIComponent(cookieValue);
  return JSON.parse(Buffer.from(v.slice(0, v.lastIndexOf(".")), "base64").toString("utf8")) as string;
}

/** A page's HTML with what differs on every request (CSP nonces) and the pending sign-in's id taken out. */
const normalise = (html: string, id: string) => html.replaceAll(id, "<id>").replace(/nonce="[^"]*"/g, 'nonce=""');

/** Every response header but the date and length, with the CSP nonce and the sign-in id taken out. */
function headersOf(res: Response, id: string): Record<string, string> {
  const out: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    // The gzipped length varies with the random id and nonce.
    if (k !== "date" && k !== "content-length") out[k] = v.replaceAll(id, "<id>").replace(/'nonce-[^']*'/g, "'nonce-'");
  });
  return out;
}

// --- In the browser -----------------------------------------------------------

const open = (s: MailSite, js: boolean, onTestFinished: Parameters<typeof openSession>[1]["onTestFinished"], blockScripts = false) =>
  openSession(s.browser, { js, onTestFinished, blockScripts, baseURL: s.appUrl });

const pathOf = (page: Page) => new URL(page.url()).pathname;

/**
 * Asks for a code on /sign-in (reached from `from`, which may redirect there)
 * and returns the pending sign-in's id from the code page's address.
 */
async function askForCode(s: Session, email: string, { from = SIGN_IN, keyboard = false } = {}): Promise<string> {
  const { wizard: w, page } = s;
  await w.goto(from);
  expect(pathOf(page)).toBe(SIGN_IN);
  if (keyboard) {
    await tabTo(page, "#field-email-input");
    await page.keyboard.type(email);
    await w.markStale();
    await page.keyboard.press("Enter");
    await w.arrived(CODE_PATH);
  } else {
    await page.getByLabel(copy.signIn.email.label, { exact: true }).fill(email);
    await w.submit(CODE_PATH, copy.signIn.button);
  }
  await expect.poll(() => page.locator("h1").innerText()).toBe(copy.code.title);
  return new URL(page.url()).searchParams.get("id")!;
}

/** Where a sign-in without redirectTo lands: /convenor (or a page under it). */
const isBackOfficeHome = (u: URL) => u.pathname === "/convenor" || u.pathname.startsWith("/convenor/");

/** Types the code on the code page and presses Sign in; waits for `to` (a path, or /convenor). */
async function enterCode(s: Session, code: string, { to = ACCOUNT, keyboard = false }: { to?: string | "home"; keyboard?: boolean } = {}) {
  const { wizard: w, page } = s;
  if (keyboard) {
    await tabTo(page, "#field-code-input");
    await page.keyboard.type(code);
    await tabTo(page, "main form button[type=submit]");
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(copy.code.button);
    await w.markStale();
    await page.keyboard.press("Enter");
  } else {
    await page.getByLabel(copy.code.label, { exact: true }).fill(code);
    await w.markStale();
    await w.button(copy.code.button).click();
  }
  await page.waitForURL((u) => (to === "home" ? isBackOfficeHome(u) : u.pathname === to));
  await page.locator("main:not([data-e2e-stale])").waitFor();
  await w.ready();
}

/** On /account: signed in as `email`. */
async function expectSignedInAs(s: Session, email: string) {
  await s.wizard.goto(ACCOUNT);
  expect(pathOf(s.page)).toBe(ACCOUNT);
  await expect.poll(() => s.page.locator("main").innerText()).toContain(`You are signed in as ${email}`);
}

/** /account sends a browser that is not signed in to /sign-in, to come back afterwards. */
async function expectSignedOut(s: Session) {
  await s.wizard.goto(ACCOUNT);
  const url = new URL(s.page.url());
  expect(url.pathname).toBe(SIGN_IN);
  expect(url.searchParams.get("redirectTo")).toBe(ACCOUNT);
}

/** Signs in with a freshly emailed code typed in, landing on /account. */
async function signIn(s: Session, email: string, inbox: ReturnType<typeof inboxOf>) {
  await askForCode(s, email, { from: ACCOUNT });
  const { code } = await inbox.next();
  await enterCode(s, code);
  await expectSignedInAs(s, email);
}

/**
 * Presses the code page's Sign in expecting to stay there with an error;
 * returns the status of the POST and the message next to the field.
 */
async function submitBadCode(s: Session, code: string): Promise<{ status: number; message: string }> {
  const { page, wizard: w } = s;
  await page.getByLabel(copy.code.label, { exact: true }).fill(code);
  const posted = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith(CODE_PATH));
  await w.markStale();
  await w.button(copy.code.button).click();
  const res = await posted;
  if (s.js) {
    await page.waitForFunction(
      () => (window as unknown as { __remixRouter?: { state: { navigation: { state: string } } } }).__remixRouter?.state.navigation.state === "idle",
    );
  } else {
    await page.locator("main:not([data-e2e-stale])").waitFor();
  }
  expect(pathOf(page)).toBe(CODE_PATH);
  await page.locator("#field-code-error").waitFor();
  return { status: res.status(), message: (await page.locator("#field-code-error").innerText()).replace(/^Error:\s*/, "") };
}

const sessionCookies = async (s: Session) => (await s.context.cookies()).filter((c) => c.name === "pwcop_session");

/** "Sign out" in the convenor area's account bar. */
async function signOut(s: Session) {
  const { page, wizard: w } = s;
  await w.goto("/convenor");
  await w.markStale();
  await page.getByRole("button", { name: convenorCopy.nav.signOut, exact: true }).click();
  await w.arrived(SIGN_IN);
}

// --- The tests ----------------------------------------------------------------

describe.each(MODES)("signing in, $mode", ({ js }) => {
  const tag = js ? "js" : "nojs";

  it("with the emailed code, keyboard only; then on another browser with the emailed link", async ({ onTestFinished }) => {
    const email = newAccount(site, `both-${tag}`);
    const inbox = inboxOf(site, email);

    // Phone: /account asks for a sign-in and comes back there; Tab, typing and Enter only.
    const phone = await open(site, js, onTestFinished);
    const id = await askForCode(phone, email, { from: ACCOUNT, keyboard: true });
    expect(new URL(phone.page.url()).searchParams.get("redirectTo")).toBe(ACCOUNT);
    const first = await inbox.next();
    expect(first.id).toBe(id);
    expect(first.mail.to).toEqual([email]);
    expect(first.mail.text).toContain(first.code);
    expect(await sessionCookies(phone)).toEqual([]);
    await enterCode(phone, first.code, { keyboard: true });
    await expectSignedInAs(phone, email);
    expect(codeRow(site, id)).toMatchObject({ attempts: 0, usedAt: expect.any(String) });
    expect(sessionIds(site, email)).toHaveLength(1);

    // Laptop: a fresh browser asks for a code and opens the emailed link; only the button signs in.
    const laptop = await open(site, js, onTestFinished);
    await askForCode(laptop, email);
    const second = await inbox.next();
    expect(second.code).not.toBe(first.code);
    await laptop.wizard.goto(second.link);
    expect(pathOf(laptop.page)).toBe(CODE_PATH);
    await expect.poll(() => laptop.page.locator("h1").innerText()).toBe(copy.code.fromLinkTitle);
    expect(await laptop.page.locator("main .lead").innerText()).toBe(copy.code.fromLinkLead);
    expect(await laptop.page.getByLabel(copy.code.label, { exact: true }).inputValue()).toBe(second.code);
    // Opening the link changed nothing (mail scanners open links).
    expect(codeRow(site, second.id)).toMatchObject({ attempts: 0, usedAt: null });
    expect(sessionIds(site, email)).toHaveLength(1);
    expect(await sessionCookies(laptop)).toEqual([]);

    await laptop.wizard.markStale();
    await laptop.wizard.button(copy.code.button).click();
    await laptop.page.waitForURL(isBackOfficeHome);
    await expectSignedInAs(laptop, email);
    expect(codeRow(site, second.id)?.usedAt).toEqual(expect.any(String));
    expect(sessionIds(site, email)).toHaveLength(2);
    // Both browsers are listed on /account, this one marked.
    expect(await laptop.page.locator("main tbody tr").count()).toBe(2);
    expect(await laptop.page.locator("main tbody tr", { hasText: copy.account.thisDevice }).count()).toBe(1);

    // A used code and a used link sign in no one.
    const again = await open(site, js, onTestFinished);
    await again.wizard.goto(second.link);
    expect(await submitBadCode(again, second.code)).toMatchObject({ message: LOCKED });
    await expectSignedOut(again);
  });

  it("a wrong code five times locks the code; an expired code is refused", async ({ onTestFinished }) => {
    const email = newAccount(site, `wrong-${tag}`);
    const inbox = inboxOf(site, email);
    const s = await open(site, js, onTestFinished);
    const id = await askForCode(s, email);
    const { code } = await inbox.next();
    const wrong = wrongFor(code);

    for (let i = 1; i <= 4; i++) {
      const { status, message } = await submitBadCode(s, wrong);
      expect(message, `try ${i}`).toBe(WRONG);
      if (!js) expect(status, `try ${i}`).toBe(400);
      expect(codeRow(site, id)?.attempts).toBe(i);
    }
    const fifth = await submitBadCode(s, wrong);
    expect(fifth.message).toBe(LOCKED);
    if (!js) expect(fifth.status).toBe(410);
    // The right code is refused now too.
    const right = await submitBadCode(s, code);
    expect(right.message).toBe(LOCKED);
    if (!js) expect(right.status).toBe(410);
    expect(codeRow(site, id)).toMatchObject({ attempts: 5, usedAt: null });
    expect(sessionIds(site, email)).toEqual([]);
    expect(await sessionCookies(s)).toEqual([]);
    await expectSignedOut(s);

    // A new code, expired before it is used: refused, from the link or typed.
    await askForCode(s, email);
    const fresh = await inbox.next();
    site.db.prepare("UPDATE sign_in_codes SET expires_at = ? WHERE id = ?").run(new Date(Date.now() - 1000).toISOString(), fresh.id);
    await s.wizard.goto(fresh.link);
    await expect.poll(() => s.page.getByLabel(copy.code.label, { exact: true }).inputValue()).toBe(fresh.code);
    const expired = await submitBadCode(s, fresh.code);
    expect(expired.message).toBe(LOCKED);
    if (!js) expect(expired.status).toBe(410);
    expect(codeRow(site, fresh.id)).toMatchObject({ usedAt: null });
    expect(sessionIds(site, email)).toEqual([]);
    await expectSignedOut(s);
  });

  it("sign out everywhere ends the other browser's session; Sign out ends only this one", async ({ onTestFinished }) => {
    const email = newAccount(site, `out-${tag}`);
    const inbox = inboxOf(site, email);
    const a = await open(site, js, onTestFinished);
    const b = await open(site, js, onTestFinished);
    await signIn(a, email, inbox);
    await signIn(b, email, inbox);
    expect(sessionIds(site, email)).toHaveLength(2);

    await a.wizard.goto(ACCOUNT);
    expect(await a.page.locator("main tbody tr").count()).toBe(2);
    await a.wizard.submit(SIGN_IN, copy.account.everywhereButton);
    expect(new URL(a.page.url()).searchParams.get("signedOut")).toBe("1");
    await expect.poll(() => a.page.getByRole("status").innerText()).toBe(copy.signIn.signedOut);
    expect(sessionIds(site, email)).toEqual([]);
    expect(await sessionCookies(a)).toEqual([]);
    // The other browser still has its cookie, but it no longer signs anyone in.
    expect(await sessionCookies(b)).toHaveLength(1);
    await expectSignedOut(b);
    await expectSignedOut(a);

    // Both again; Sign out in one leaves the other signed in.
    await signIn(a, email, inbox);
    await signIn(b, email, inbox);
    const [, bSession] = sessionIds(site, email);
    await signOut(a);
    expect(new URL(a.page.url()).searchParams.get("signedOut")).toBe("1");
    await expect.poll(() => a.page.getByRole("status").innerText()).toBe(copy.signIn.signedOut);
    expect(await sessionCookies(a)).toEqual([]);
    expect(sessionIds(site, email)).toEqual([bSession]);
    await expectSignedOut(a);
    await expectSignedInAs(b, email);
    expect(await b.page.locator("main tbody tr").count()).toBe(1);
  });

  it("the session cookie: HttpOnly, SameSite=Lax, Path=/, not Secure on http, and a new id at each sign-in", async ({ onTestFinished }) => {
    const email = newAccount(site, `cookie-${tag}`);
    const inbox = inboxOf(site, email);
    const s = await open(site, js, onTestFinished);
    await signIn(s, email, inbox);
    const [first] = await sessionCookies(s);
    expect(first).toMatchObject({ name: "pwcop_session", httpOnly: true, sameSite: "Lax", path: "/", secure: false, domain: "localhost" });
    // About 30 days (SESSION_MAX_MS), not a browser-session cookie.
    expect(first!.expires * 1000 - Date.now()).toBeGreaterThan(29 * 86_400_000);
    if (js) expect(await s.page.evaluate(() => document.cookie)).not.toContain("pwcop_session");
    const [firstRow] = sessionIds(site, email);
    expect(sessionIdIn(first!.value)).toBe(firstRow);

    // The same browser, still signed in, signs in again from an emailed link: a new session, the old one gone.
    await post(site.base, SIGN_IN, { email });
    const { link } = await inbox.next();
    await s.wizard.goto(link);
    await s.wizard.markStale();
    await s.wizard.button(copy.code.button).click();
    await s.page.waitForURL(isBackOfficeHome);
    const [second] = await sessionCookies(s);
    expect(second!.value).not.toBe(first!.value);
    const rows = sessionIds(site, email);
    expect(rows).toEqual([sessionIdIn(second!.value)]);
    expect(rows).not.toContain(firstRow);
    await expectSignedInAs(s, email);
    // The old cookie, replayed, signs in no one.
    const replay = await fetch(`${site.base}${ACCOUNT}`, { headers: { cookie: `pwcop_session=${first!.value}` }, redirect: "manual" });
    expect(replay.status).toBe(303);
    expect(replay.headers.get("location")).toBe(`${SIGN_IN}?redirectTo=%2Faccount`);
  });
});

describe.each(MODES)("where a sign-in leads, $mode", ({ js }) => {
  // Browsers drop tabs and newlines inside URLs and read "\\" as "/": each of these is another site to them.
  const OFF_SITE = ["//evil.example/", "/\\evil.example/", "/\t/evil.example/", "/\n/evil.example/", "/\t\\evil.example/", "https://evil.example/"];

  it("redirectTo never leaves the site, before or after signing in", async ({ onTestFinished }) => {
    const email = newAccount(site, `redirect-${js ? "js" : "nojs"}`);
    const inbox = inboxOf(site, email);
    const s = await open(site, js, onTestFinished);
    const offSite: string[] = [];
    await s.context.route(
      (u) => u.hostname !== "localhost",
      (route) => {
        offSite.push(route.request().url());
        return route.fulfill({ status: 200, contentType: "text/html", body: "<main>another site</main>" });
      },
    );
    // Asked for on the way in, and carried through the code page.
    await askForCode(s, email, { from: `${SIGN_IN}?redirectTo=${encodeURIComponent(OFF_SITE[2]!)}` });
    const { code } = await inbox.next();
    await s.page.getByLabel(copy.code.label, { exact: true }).fill(code);
    await s.wizard.button(copy.code.button).click();
    await waitUntil(() => offSite.length > 0 || isBackOfficeHome(new URL(s.page.url())), "the page after signing in").catch((error: Error) => {
      throw new Error(`${error.message}; the browser is at ${s.page.url()}`);
    });
    expect(offSite).toEqual([]);
    await expectSignedInAs(s, email);
    // Signed in, /sign-in sends you straight on: still to this site only.
    for (const to of OFF_SITE) {
      await s.page.goto(`${SIGN_IN}?redirectTo=${encodeURIComponent(to)}`);
      expect(new URL(s.page.url()).hostname, JSON.stringify(to)).toBe("localhost");
      expect(isBackOfficeHome(new URL(s.page.url())), `${JSON.stringify(to)} led to ${s.page.url()}`).toBe(true);
    }
    expect(offSite).toEqual([]);
    // A path on this site is kept.
    await s.page.goto(`${SIGN_IN}?redirectTo=${encodeURIComponent("/account?x=1")}`);
    expect(new URL(s.page.url()).pathname).toBe(ACCOUNT);
  });
});

describe("over HTTP", () => {
  it("Set-Cookie at sign-in and at sign-out", async () => {
    const email = newAccount(site, "http-cookie");
    const inbox = inboxOf(site, email);
    const asked = await post(site.base, SIGN_IN, { email });
    expect(asked.status).toBe(303);
    expect(asked.headers.get("set-cookie")).toBeNull();
    const { id, code } = await inbox.next();
    expect(asked.headers.get("location")).toBe(`${CODE_PATH}?id=${id}`);
    // The code may be typed with a space in the middle.
    const res = await post(site.base, CODE_PATH, { id, code: `${code.slice(0, 3)} ${code.slice(3)}`, redirectTo: "/convenor" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/convenor");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const setCookies = res.headers.getSetCookie();
    expect(setCookies).toHaveLength(1);
    const cookie = cookieParts(setCookies[0]!);
    expect(cookie.name).toBe("pwcop_session");
    expect(cookie.attrs.has("httponly")).toBe(true);
    expect(cookie.attrs.get("samesite")).toBe("Lax");
    expect(cookie.attrs.get("path")).toBe("/");
    expect(cookie.attrs.has("secure")).toBe(false);
    expect(cookie.attrs.has("domain")).toBe(false);
    expect(cookie.attrs.get("max-age")).toBe(String(30 * 86_400));
    expect(sessionIds(site, email)).toEqual([sessionIdIn(cookie.value)]);

    const account = await fetch(`${site.base}${ACCOUNT}`, { headers: { cookie: `pwcop_session=${cookie.value}` } });
    expect(account.status).toBe(200);
    expect(await account.text()).toContain(`You are signed in as ${email}`);

    const out = await post(site.base, "/sign-out", {}, { cookie: `pwcop_session=${cookie.value}` });
    expect(out.status).toBe(303);
    expect(out.headers.get("location")).toBe(`${SIGN_IN}?signedOut=1`);
    const cleared = cookieParts(out.headers.getSetCookie()[0]!);
    expect(cleared.name).toBe("pwcop_session");
    expect(cleared.attrs.get("max-age")).toBe("0");
    expect(cleared.attrs.get("path")).toBe("/");
    expect(sessionIds(site, email)).toEqual([]);
  });

  it("a redirectTo beyond plain ASCII, after a correct code: signed in, on the default page, one session and the code used", async () => {
    // U+0100 and above cannot go into a Location header at all; U+00E9 would go in as another byte.
    for (const to of ["/account\u0100", "/convenor/\u4e2d\u6587", "/caf\u00e9", "/\u{1f600}"]) {
      const email = newAccount(site, "http-unicode-redirect");
      const inbox = inboxOf(site, email);
      const asked = await post(site.base, SIGN_IN, { email, redirectTo: to });
      expect(asked.status, JSON.stringify(to)).toBe(303);
      const { id, code } = await inbox.next();
      // Dropped on the way in: the code page's address carries no redirectTo.
      expect(asked.headers.get("location")).toBe(`${CODE_PATH}?id=${id}`);
      // Posted straight to the code page anyway (a hand-made form).
      const res = await post(site.base, CODE_PATH, { id, code, redirectTo: to });
      expect(res.status, JSON.stringify(to)).toBe(303);
      expect(res.headers.get("location")).toBe("/convenor");
      const cookie = cookieParts(res.headers.getSetCookie()[0]!);
      expect(sessionIds(site, email)).toEqual([sessionIdIn(cookie.value)]);
      expect(codeRow(site, id)?.usedAt).toBeTruthy();
      const account = await fetch(`${site.base}${ACCOUNT}`, { headers: { cookie: `pwcop_session=${cookie.value}` } });
      expect(await account.text()).toContain(`You are signed in as ${email}`);
    }
  });

  it("wrong, locked and expired codes: 400 with the message next to the field, then 410, and no cookie", async () => {
    const email = newAccount(site, "http-wrong");
    const inbox = inboxOf(site, email);
    await post(site.base, SIGN_IN, { email });
    const { id, code } = await inbox.next();
    const fieldError = (html: string) => /<p class="error-message" id="field-code-error">(?:<span[^>]*>[^<]*<\/span>)?([^<]*)<\/p>/.exec(html)?.[1];

    const malformed = await post(site.base, CODE_PATH, { id, code: "12345" });
    expect(malformed.status).toBe(400);
    expect(fieldError(await malformed.text())).toBe(copy.code.errors.format);
    expect(codeRow(site, id)?.attempts).toBe(0); // not a try

    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await post(site.base, CODE_PATH, { id, code: wrongFor(code) });
      statuses.push(res.status);
      expect(res.headers.get("set-cookie")).toBeNull();
      expect(fieldError(await res.text())).toBe(i < 4 ? WRONG : LOCKED);
    }
    expect(statuses).toEqual([400, 400, 400, 400, 410]);
    const right = await post(site.base, CODE_PATH, { id, code });
    expect(right.status).toBe(410);
    expect(right.headers.get("set-cookie")).toBeNull();
    expect(fieldError(await right.text())).toBe(LOCKED);

    // The code page opened without its id (a link cut short): the same, and the summary links to the field.
    for (const fields of [{ code }, { id: "", code }, { id: "x".repeat(65), code }] as Record<string, string>[]) {
      const res = await post(site.base, CODE_PATH, fields);
      const html = await res.text();
      expect(res.status, JSON.stringify(fields)).toBe(410);
      expect(fieldError(html)).toBe(LOCKED);
      expect([...html.matchAll(/class="error-summary__list">(.*?)<\/ul>/g)].map((m) => m[1])).toEqual([`<li><a href="#field-code-input">${LOCKED}</a></li>`]);
    }

    await post(site.base, SIGN_IN, { email });
    const fresh = await inbox.next();
    site.db.prepare("UPDATE sign_in_codes SET expires_at = '2000-01-01T00:00:00.000Z' WHERE id = ?").run(fresh.id);
    const expired = await post(site.base, CODE_PATH, { id: fresh.id, code: fresh.code });
    expect(expired.status).toBe(410);
    expect(expired.headers.get("set-cookie")).toBeNull();
    expect(fieldError(await expired.text())).toBe(LOCKED);
    expect(sessionIds(site, email)).toEqual([]);
  });

  it("an unknown address gets the same answer and the same next page as a known one, and no email", async () => {
    const known = newAccount(site, "known");
    const unknown = `nobody-${accounts + 1}@example.org`;
    const answers = [];
    for (const email of [known, unknown]) {
      const res = await post(site.base, SIGN_IN, { email });
      const location = res.headers.get("location") ?? "";
      const id = new URL(location, site.base).searchParams.get("id") ?? "";
      expect(location, email).toMatch(/^\/sign-in\/code\?id=[\w-]{22}$/);
      const next = await fetch(`${site.base}${location}`);
      answers.push({
        status: res.status,
        location: location.replace(id, "<id>"),
        headers: headersOf(res, id),
        body: await res.text(),
        next: { status: next.status, headers: headersOf(next, id), html: normalise(await next.text(), id) },
        id,
      });
    }
    const [k, u] = answers;
    expect(k!.id).not.toBe(u!.id);
    expect(k!.status).toBe(303);
    expect(k!.next.status).toBe(200);
    expect({ ...u, id: "" }).toEqual({ ...k, id: "" });
    // A pending sign-in is made for both; only the known address is emailed.
    expect(codeRow(site, k!.id)).toMatchObject({ emailKey: known, userId: userId(site, known) });
    expect(codeRow(site, u!.id)).toMatchObject({ emailKey: unknown, userId: null });
    await inboxOf(site, known).next();
    await outboxDrained(site.db);
    expect(mailTo(site.smtp, unknown)).toEqual([]);
    expect(outboxCount(site, unknown)).toBe(0);
  });
});

describe.each(MODES)("what a person sees is the same for any address, $mode", ({ js }) => {
  it("the code page after asking for a known and an unknown address", async ({ onTestFinished }) => {
    const known = newAccount(site, `seen-${js ? "js" : "nojs"}`);
    const texts: string[] = [];
    for (const email of [known, `nobody-seen-${js ? "js" : "nojs"}@example.org`]) {
      const s = await open(site, js, onTestFinished);
      const id = await askForCode(s, email);
      expect(id).toMatch(/^[\w-]{22}$/);
      texts.push(await s.page.locator("body").innerText());
    }
    expect(texts[1]).toBe(texts[0]);
    await inboxOf(site, known).next();
  });
});

// --- Accessibility and small screens ------------------------------------------

/** Error summary links, axe (WCAG 2.2 AA) at 1024 px, then no sideways scrolling at 390 px. */
async function checkPage(page: Page, label: string, expect: ExpectStatic) {
  // Each link in an error summary goes to something on the page.
  const deadLinks = await page.locator(".error-summary a").evaluateAll((links) =>
    links.map((a) => a.getAttribute("href") ?? "").filter((href) => !href.startsWith("#") || !document.getElementById(decodeURIComponent(href.slice(1)))),
  );
  expect.soft(deadLinks, `error summary links to nothing on ${label}`).toEqual([]);
  expect.soft(await axeViolations(page), `axe on ${label} (${pathOf(page)})`).toEqual([]);
  const widths = await widthsAt390(page);
  expect.soft(widths.scrollWidth, `sideways scroll at 390 px on ${label}: ${JSON.stringify(widths)}`).toBeLessThanOrEqual(widths.clientWidth);
}

describe.each(MODES)("accessibility and 390 px, $mode", ({ js }) => {
  it("/sign-in, its errors, /sign-in/code both ways, its error, signed out, and /account", async ({ onTestFinished, expect }) => {
    // axe runs in the page: "JavaScript off" is the server-rendered page with the app's scripts blocked.
    const s = await open(site, true, onTestFinished, !js);
    const { wizard: w, page } = s;
    // A long, real-looking address: it is shown on /account.
    const email = newAccount(site, `firstname.lastname.a11y-${js ? "js" : "nojs"}`);
    const inbox = inboxOf(site, email);

    await w.goto(SIGN_IN);
    await checkPage(page, "/sign-in", expect);
    await w.submitExpectingErrors(copy.signIn.button);
    expect(await page.locator("#field-email-error").innerText()).toContain(copy.signIn.email.errors.required);
    await checkPage(page, "/sign-in with no address", expect);
    await page.getByLabel(copy.signIn.email.label, { exact: true }).fill("not an address");
    await w.submitExpectingErrors(copy.signIn.button);
    expect(await page.locator("#field-email-error").innerText()).toContain(copy.signIn.email.errors.invalid);
    await checkPage(page, "/sign-in with a wrong address", expect);

    await page.getByLabel(copy.signIn.email.label, { exact: true }).fill(email);
    await w.submit(CODE_PATH, copy.signIn.button);
    await checkPage(page, "/sign-in/code", expect);
    const first = await inbox.next();
    await w.submitExpectingErrors(copy.code.button);
    await checkPage(page, "/sign-in/code with no code", expect);
    expect(await submitBadCode(s, wrongFor(first.code))).toMatchObject({ message: WRONG });
    await checkPage(page, "/sign-in/code with a wrong code", expect);

    await w.goto(first.link);
    expect(await page.locator("h1").innerText()).toBe(copy.code.fromLinkTitle);
    await checkPage(page, "/sign-in/code from the emailed link", expect);
    await w.markStale();
    await w.button(copy.code.button).click();
    await page.waitForURL(isBackOfficeHome);
    await expectSignedInAs(s, email);
    await checkPage(page, "/account", expect);

    await signOut(s);
    await checkPage(page, "/sign-in after signing out", expect);
  });
});

// --- Limits and caps ------------------------------------------------------------

describe("rate limits and the cap on codes", () => {
  // Limits on (the default), and a proxy on loopback trusted so that X-Forwarded-For stands for many clients.
  // A known secret: the test can find a code from its stored HMAC, as an attacker guessing online eventually would.
  const SECRET = "sign-in-test-secret-0123456789";
  const limited = useMailSite({ RATE_LIMIT_POSTS_PER_MINUTE: "120", TRUST_PROXY: "loopback", SESSION_SECRET: SECRET, WEB_CONCURRENCY: "2" });
  /** The 6-digit code behind a pending sign-in, found from its HMAC (app/auth/sign-in.server.ts hashCode). */
  const crackCode = async (id: string): Promise<string> => {
    const { codeHash } = limited.db.prepare("SELECT code_hash AS codeHash FROM sign_in_codes WHERE id = ?").get(id) as { codeHash: string };
    for (let n = 0; n < 1_000_000; n++) {
      // Let the event loop run now and then (fetch's idle sockets must see the server close them).
      if (n % 20_000 === 0) await new Promise((r) => setImmediate(r));
      const code = String(n).padStart(6, "0");
      if (crypto.createHmac("sha256", SECRET).update(`sign-in:${id}:${code}`).digest("base64url") === codeHash) return code;
    }
    throw new Error(`no code matches sign-in ${id}`);
  };
  const asClient = (address: string) => ({ "X-Forwarded-For": address });
  let base: string;
  beforeAll(() => {
    base = limited.base;
  });

  it("100 sign-ins for one address from 25 clients: every answer the same, exactly 5 emails arrive", async () => {
    const email = "ruth.convenor@example.org"; // a demo convenor (Hobart)
    expect(userId(limited, email)).toEqual(expect.any(Number));
    const spellings = [email, email.toUpperCase(), `  ${email}  `, "Ruth.Convenor@Example.org"];
    const answers: { status: number; location: string; body: string }[] = [];
    const clients = Array.from({ length: 25 }, (_, i) => `203.0.113.${i + 1}`);
    // Ten clients at a time, four requests each (under the per-client limit).
    for (let i = 0; i < clients.length; i += 10) {
      await Promise.all(
        clients.slice(i, i + 10).map(async (client, c) => {
          for (let n = 0; n < 4; n++) {
            const res = await post(base, SIGN_IN, { email: spellings[(c + n) % spellings.length]! }, asClient(client));
            answers.push({ status: res.status, location: res.headers.get("location") ?? "", body: await res.text() });
          }
        }),
      );
    }
    expect(answers).toHaveLength(100);
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([303]));
    expect(answers.every((a) => /^\/sign-in\/code\?id=[\w-]{22}$/.test(a.location))).toBe(true);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(new Set(answers.map((a) => a.location)).size).toBe(100);
    expect((limited.db.prepare("SELECT count(*) AS n FROM sign_in_codes WHERE email_key = ?").get(email) as { n: number }).n).toBe(100);

    await outboxDrained(limited.db);
    const cap = RECIPIENT_CAPS["auth.code"]!.perHour;
    expect(cap).toBe(5);
    expect(mailTo(limited.smtp, email)).toHaveLength(cap);
    expect(mailTo(limited.smtp, email).every((m) => m.subject === SUBJECT)).toBe(true);
    expect(outboxCount(limited, email)).toBe(cap);

    // The code page looks the same whether a code was emailed, the cap held it back, or the address has no account.
    const emailed = new Set(mailTo(limited.smtp, email).map((m) => new URL(linkTo(m, CODE_PATH)).searchParams.get("id")));
    const ids = answers.map((a) => new URL(a.location, base).searchParams.get("id")!);
    const sentId = ids.find((id) => emailed.has(id))!;
    const heldId = ids.find((id) => !emailed.has(id))!;
    const unknown = await post(base, SIGN_IN, { email: "no-account-ruth@example.org" }, asClient("203.0.113.200"));
    const unknownId = new URL(unknown.headers.get("location")!, base).searchParams.get("id")!;
    const page = async (id: string) => {
      const res = await fetch(`${base}${CODE_PATH}?id=${id}`);
      return { status: res.status, html: normalise(await res.text(), id) };
    };
    const sent = await page(sentId);
    expect(sent.status).toBe(200);
    expect(await page(heldId)).toEqual(sent);
    expect(await page(unknownId)).toEqual(sent);

    // Only the 5 emailed codes can sign in: the 95 the cap held back would be 475 more guesses at the account.
    const sentMail = mailTo(limited.smtp, email).find((m) => new URL(linkTo(m, CODE_PATH)).searchParams.get("id") === sentId)!;
    expect(await crackCode(sentId)).toBe(/^(\d{6})$/m.exec(sentMail.text)?.[1]); // the search finds real codes
    // Its right code is as wrong as any guess at an unknown address's pending sign-in.
    const held = await post(base, CODE_PATH, { id: heldId, code: await crackCode(heldId) }, asClient("203.0.113.201"));
    expect(held.headers.get("set-cookie")).toBeNull();
    expect(held.status).toBe(400);
    expect(await held.text()).toContain(WRONG);
    expect(limited.db.prepare("SELECT count(*) AS n FROM sessions WHERE user_id = ?").get(userId(limited, email))).toEqual({ n: 0 });
  });

  it(`from one client, sign-in post ${SIGN_IN_POSTS_PER_15_MINUTES + 1} in 15 minutes gets 429`, async () => {
    // The window is fixed (it starts on the quarter hour): don't start in its last 30 seconds.
    const windowMs = 15 * 60_000;
    await waitUntil(() => windowMs - (Date.now() % windowMs) > 30_000, "a rate-limit window with 30 s left", 35_000);
    const client = asClient("198.51.100.7");
    const known = newAccount(limited, "limited");
    const statuses: number[] = [];
    for (let i = 0; i < SIGN_IN_POSTS_PER_15_MINUTES; i++) {
      // Known and unknown addresses in turn: the same answer.
      const res = await post(base, SIGN_IN, { email: i % 2 ? `nobody-${i}@example.org` : known }, client);
      statuses.push(res.status);
      expect(res.headers.get("location")).toMatch(/^\/sign-in\/code\?id=[\w-]{22}$/);
    }
    expect(statuses).toEqual(Array(SIGN_IN_POSTS_PER_15_MINUTES).fill(303));
    const over = await post(base, SIGN_IN, { email: known }, client);
    expect(over.status).toBe(429);
    const retryAfter = Number(over.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(await over.text()).toMatch(/Too many requests/);
    // Entering a code counts in the same tier.
    const { id, code } = await inboxOf(limited, known).next();
    expect((await post(base, CODE_PATH, { id, code }, client)).status).toBe(429);
    expect(codeRow(limited, id)).toMatchObject({ attempts: 0, usedAt: null });
    // Pages are not held back, and another client is not either.
    expect((await fetch(`${base}${SIGN_IN}`, { headers: client })).status).toBe(200);
    expect((await post(base, SIGN_IN, { email: known }, asClient("198.51.100.8"))).status).toBe(303);
  });
});
