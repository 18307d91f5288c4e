/**
 * The convenor area in real Chromium, JavaScript on and off, against the
 * production server (build/) and a real SMTP server: a convenor signs in with
 * the emailed code and answers requests to join Hobart from each request's
 * page and from the Accept link in our email; every answer sends the
 * applicant exactly one email of the right kind, counted at the SMTP server,
 * with the convenor's message quoted; the inbox's filters and each request's
 * timeline; keyboard only; axe and 390 px on every page; and the listing
 * editor, whose changes show on the public page at once while the venue
 * note goes only to accepted members.
 *
 * Each test has its own convenor account for Hobart (added to the server's
 * SQLite file: codes are capped at 5 an hour per address) and its own
 * applicants, whose requests are made over HTTP as visitors make them.
 */
import type { Page } from "playwright-core";
import { describe, expect, it, type ExpectStatic } from "vitest";
import accountCopy from "../content/account.json";
import convenorCopy from "../content/convenor.json";
import emailCopy from "../content/email.json";
import wizardCopy from "../content/eligibility.json";
import { addAccount, askToJoin, emailedCode } from "./support/back-office";
import { andWait, openSession, settled, tabTo, type Session } from "./support/browser";
import { mailTo, outboxDrained, waitFor, waitForMail, type Mail } from "./support/inbox";
import { useMailSite } from "./support/mail-site";
import { axeViolations, widthsAt390 } from "./support/a11y";

const site = useMailSite();

const MODES = [
  { mode: "JavaScript on", js: true },
  { mode: "JavaScript off", js: false },
];
const GROUP = "Hobart";
const GROUP_CONVENOR = "Ruth"; // the group's listed convenor, who signs our emails to applicants
const TIME_ZONE = "Australia/Hobart";
const STATUSES = ["new", "meet_first", "accepted", "declined", "withdrawn", "waiting_list"] as const;
type Decision = "accepted" | "meet_first" | "declined" | "waiting_list";

const rc = convenorCopy.request;
const fill = (template: string, vars: Record<string, string>) => template.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);

// --- Accounts, applicants and mail ------------------------------------------------

let made = 0;
/** A convenor account of Hobart that no other test uses. */
const newConvenor = (tag: string) => addAccount(site.db, `convenor-${tag}-${++made}@example.org`, "convenor", ["hobart"]);

interface Applicant {
  id: number;
  name: string;
  email: string;
}
/** A request to join Hobart, made over HTTP by a visitor with an address no other test uses. */
async function newRequest(tag: string, note = "", name = "Robin"): Promise<Applicant> {
  const n = ++made;
  const a = { name: `${name} ${tag} ${n}`, email: `applicant-${tag}-${n}@example.com`, note };
  return { ...a, id: await askToJoin(site, "hobart", a) };
}

const statusOf = (id: number) =>
  site.db.prepare("SELECT status, meet_on AS meetOn, decline_reason AS declineReason FROM join_requests WHERE id = ?").get(id) as {
    status: string;
    meetOn: string | null;
    declineReason: string | null;
  };

/** Waits until the outbox has nothing left to send. */

const SUBJECTS = {
  receipt: fill(emailCopy.templates["join.receipt"].subject, { group: GROUP }),
  accepted: fill(emailCopy.templates["join.decision.accepted"].subject, { group: GROUP, convenor: GROUP_CONVENOR }),
  meet_first: fill(emailCopy.templates["join.decision.meet_first"].subject, { group: GROUP, convenor: GROUP_CONVENOR }),
  declined: fill(emailCopy.templates["join.decision.declined"].subject, { group: GROUP, convenor: GROUP_CONVENOR }),
  waiting_list: fill(emailCopy.templates["join.decision.waiting_list"].subject, { group: GROUP, convenor: GROUP_CONVENOR }),
};
/** A line from each decision email's text, telling them apart (the declined email's subject is the receipt's). */
const OPENINGS: Record<Decision, RegExp> = {
  accepted: new RegExp(`${GROUP_CONVENOR} has accepted your request to join ${GROUP}`),
  meet_first: new RegExp(`${GROUP_CONVENOR}, who convenes the group, would like to meet you`),
  declined: new RegExp(`${GROUP_CONVENOR}, who convenes the group, is not able to offer you a place`),
  waiting_list: new RegExp(`${GROUP_CONVENOR}, who convenes it, has put you on its waiting list`),
};

/** The convenor's words as our email quotes them, under their label. */
const quoted = (message: string) => `${fill(emailCopy.quoteLabels.convenor, { convenor: GROUP_CONVENOR })}\n${message.replace(/^/gm, "> ")}\n`;
const venueQuoted = (venue: string) => `${fill(emailCopy.quoteLabels.venue, { convenor: GROUP_CONVENOR })}\n${venue.replace(/^/gm, "> ")}\n`;

/**
 * Once the outbox has sent everything, the applicant has received exactly
 * these emails (by subject, in order), each once; returns the last.
 */
async function expectApplicantMail(a: Applicant, subjects: string[]): Promise<Mail> {
  await waitForMail(site.smtp, a.email, subjects.length);
  await outboxDrained(site.db);
  const all = mailTo(site.smtp, a.email);
  expect(
    all.map((m) => m.subject),
    `emails to ${a.email}`,
  ).toEqual(subjects);
  for (const m of all) expect(m.to).toEqual([a.email]);
  return all.at(-1)!;
}

/** The decision email: its subject and opening, the message quoted (or no message at all). */
function expectDecisionMail(mail: Mail, decision: Decision, message: string) {
  expect(mail.subject).toBe(SUBJECTS[decision]);
  expect(mail.text).toMatch(OPENINGS[decision]);
  if (message) {
    expect(mail.text).toContain(quoted(message));
    expect(mail.html).toMatch(/<blockquote/);
  } else {
    expect(mail.text).not.toContain(fill(emailCopy.quoteLabels.convenor, { convenor: GROUP_CONVENOR }));
  }
}

/** The convenor's email about a request, and the link in it labelled Accept… (plain text part: label, then the URL). */
async function acceptLinkFor(convenor: string, a: Applicant): Promise<string> {
  const subject = fill(emailCopy.templates["join.convenor"].subject, { name: a.name, group: GROUP });
  const mail = await waitFor(`the email to ${convenor} about ${a.name}`, () => mailTo(site.smtp, convenor).find((m) => m.subject === subject), 15_000);
  const lines = mail.text.split("\n");
  const links = lines.flatMap((line, i) => {
    const url = /(https?:\/\/\S+)/.exec(line)?.[1];
    if (!url || new URL(url).pathname !== "/join-requests/decide") return [];
    // The label is on the URL's line ("- Accept: https://…") or the line before it.
    const label = line.slice(0, line.indexOf(url)).replace(/^[-\s]*/, "").trim() || (lines[i - 1] ?? "").trim();
    return [{ label, url }];
  });
  const accept = links.filter((l) => /^Accept\b/.test(l.label));
  if (accept.length !== 1) throw new Error(`expected one Accept link in the email to ${convenor}, found ${JSON.stringify(links)}`);
  return accept[0]!.url;
}

// --- In the browser -----------------------------------------------------------------

const open = (js: boolean, onTestFinished: Parameters<typeof openSession>[1]["onTestFinished"], blockScripts = false) =>
  openSession(site.browser, { js, onTestFinished, blockScripts, baseURL: site.appUrl });

const pathOf = (page: Page) => new URL(page.url()).pathname;
const requestPath = (id: number) => `/convenor/requests/${id}`;

/** Opening /convenor asks for a sign-in; the code from the email, typed in, lands on /convenor. */
async function signIn(s: Session, email: string, { keyboard = false } = {}) {
  const { page, wizard: w } = s;
  await w.goto("/convenor");
  expect(pathOf(page)).toBe("/sign-in");
  expect(new URL(page.url()).searchParams.get("redirectTo")).toBe("/convenor");
  if (keyboard) {
    await tabTo(page, "#field-email-input");
    await page.keyboard.type(email);
    await w.markStale();
    await page.keyboard.press("Enter");
  } else {
    await page.getByLabel(accountCopy.signIn.email.label, { exact: true }).fill(email);
    await w.markStale();
    await w.button(accountCopy.signIn.button).click();
  }
  await w.arrived("/sign-in/code");
  const code = await emailedCode(site, email, new URL(page.url()).searchParams.get("id")!);
  if (keyboard) {
    await tabTo(page, "#field-code-input");
    await page.keyboard.type(code);
    await tabTo(page, "main form button[type=submit]");
    await w.markStale();
    await page.keyboard.press("Enter");
  } else {
    await page.getByLabel(accountCopy.code.label, { exact: true }).fill(code);
    await w.markStale();
    await w.button(accountCopy.code.button).click();
  }
  await w.arrived("/convenor");
  await expect.poll(() => page.locator("h1").innerText()).toBe(convenorCopy.inbox.title);
}

/** Every element on the page carrying data-request-id: its status and whether it holds a link to the request's page. */
function listedRequests(page: Page) {
  return page.locator("main [data-request-id]").evaluateAll((els) =>
    els.map((el) => {
      const id = Number(el.getAttribute("data-request-id"));
      return { id, status: el.getAttribute("data-status") ?? "", links: el.querySelector(`a[href="/convenor/requests/${id}"]`) !== null };
    }),
  );
}

/** The inbox filtered by status (and Hobart) with its form, as a person filters it. */
async function filterInbox(s: Session, status: string) {
  const { page, wizard: w } = s;
  await w.goto("/convenor");
  await page.getByLabel(convenorCopy.inbox.status, { exact: true }).selectOption(status);
  await page.getByLabel(convenorCopy.inbox.group, { exact: true }).selectOption("hobart");
  await andWait(
    s,
    () => page.getByRole("button", { name: convenorCopy.inbox.apply, exact: true }).click(),
    (u) => u.pathname === "/convenor" && u.searchParams.get("status") === status && u.searchParams.get("group") === "hobart",
  );
  await page.locator("main h1").waitFor();
  const listed = await listedRequests(page);
  for (const r of listed) {
    expect(r.status, `request ${r.id} under the ${status} filter`).toBe(status);
    expect(r.links, `request ${r.id} links to its page`).toBe(true);
  }
  return listed.map((r) => r.id);
}

/** The request's page, from the inbox's link to it. */
async function openFromInbox(s: Session, id: number) {
  const { page, wizard: w } = s;
  if (pathOf(page) !== "/convenor") await w.goto("/convenor");
  const item = page.locator(`main [data-request-id="${id}"]`);
  expect(await item.getAttribute("data-status")).toBe(statusOf(id).status);
  await w.markStale();
  await item.locator(`a[href="${requestPath(id)}"]`).click();
  await w.arrived(requestPath(id));
}

/** The page's decision forms: method and the start of each button's text. */
function decisionForms(page: Page) {
  return page.locator("main form").evaluateAll((forms) =>
    forms
      .filter((f) => f.querySelector("input[name=decision]"))
      .map((f) => ({ method: f.getAttribute("method"), button: (f.querySelector("button")?.textContent ?? "").trim() })),
  );
}

const BUTTON_PREFIX: Record<Decision, string> = { accepted: "Accept", meet_first: "Meet first", declined: "Decline", waiting_list: "Waiting list" };

/** The decision's own form: named by its button (aria-labelledby). */
const formFor = (page: Page, a: Applicant, decision: Decision) => page.getByRole("form", { name: fill(rc.buttons[decision], { name: a.name }), exact: true });

/** Answers on the request's page and waits for the page to show it done. */
async function decide(s: Session, a: Applicant, decision: Decision, { message = "", meetOn = "", reason = "" } = {}) {
  const { page } = s;
  const form = formFor(page, a, decision);
  if (message) await form.getByLabel(fill(rc.message.label, { name: a.name }), { exact: true }).fill(message);
  if (meetOn) await form.getByLabel(rc.meetOnField.label, { exact: true }).fill(meetOn);
  if (reason) await form.getByLabel(rc.reasonField.label, { exact: true }).selectOption(reason);
  await form.getByRole("button", { name: fill(rc.buttons[decision], { name: a.name }), exact: true }).click();
  await page.waitForURL((u) => u.pathname === requestPath(a.id) && u.searchParams.get("done") === decision);
  await settled(s);
  await expect.poll(() => page.locator("main").getAttribute("data-status")).toBe(decision);
  expect(await page.getByRole("status").innerText()).toBe(fill(rc.done[decision], { name: a.name }));
  expect(statusOf(a.id).status).toBe(decision);
}

/** The timeline on the request's page: [what, by]. */
async function timeline(page: Page): Promise<Array<[string, string]>> {
  const items = await page.locator("main ol.timeline li").evaluateAll((lis) =>
    lis.map((li) => [(li.querySelector(".timeline__title")?.textContent ?? "").trim(), (li.querySelector(".timeline__date")?.textContent ?? "").trim()]),
  );
  return items.map(([title, date]) => [title!, date!.split(" · ").at(-1)!]);
}

const T = convenorCopy.timeline;
const BY = rc.actors;
const RECEIVED: Array<[string, string]> = [
  [T["request.received"], BY.applicant],
  [T["email.convenor"], BY.system],
  [T["email.applicant"], BY.system],
];

// --- Answering requests -------------------------------------------------------------

describe.each(MODES)("answering requests, $mode", ({ js }) => {
  const tag = js ? "js" : "nojs";

  it("signs in with the emailed code; accepts, meets first then accepts, declines, puts on the waiting list; each applicant gets the right email", async ({ onTestFinished }) => {
    const convenor = newConvenor(`answer-${tag}`);
    const untouched = await newRequest(`untouched-${tag}`);
    const accept = await newRequest(`accept-${tag}`, "I run a peer group.");
    const meet = await newRequest(`meet-${tag}`);
    const decline = await newRequest(`decline-${tag}`);
    const wait = await newRequest(`wait-${tag}`);

    const s = await open(js, onTestFinished);
    const { page } = s;
    await signIn(s, convenor);

    // The inbox lists each new request, linking to its page.
    const inbox = await listedRequests(page);
    for (const a of [untouched, accept, meet, decline, wait]) expect(inbox).toContainEqual({ id: a.id, status: "new", links: true });

    // Accept, from the request's page, with a message.
    await openFromInbox(s, accept.id);
    expect(await page.locator("h1").innerText()).toBe(fill(rc.title, { name: accept.name, group: GROUP }));
    expect(await page.locator("main").getAttribute("data-request-id")).toBe(String(accept.id));
    expect(await decisionForms(page)).toEqual(
      (["accepted", "meet_first", "declined", "waiting_list"] as const).map((d) => ({ method: "post", button: expect.stringMatching(new RegExp(`^${BUTTON_PREFIX[d]}`)) })),
    );
    expect(await page.locator("main blockquote").innerText()).toBe("I run a peer group.");
    expect(await timeline(page)).toEqual(RECEIVED);
    const welcome = "Lovely to hear from you.\nWe meet on the first Saturday.";
    await decide(s, accept, "accepted", { message: welcome });
    expectDecisionMail(await expectApplicantMail(accept, [SUBJECTS.receipt, SUBJECTS.accepted]), "accepted", welcome);
    expect(await timeline(page)).toEqual([...RECEIVED, [T["request.accepted"], convenor], [T["email.applicant"], BY.system]]);
    // Closed now: no forms.
    expect(await decisionForms(page)).toEqual([]);
    expect(await page.locator("main").innerText()).toContain(fill(rc.closed, { status: convenorCopy.statuses.accepted.toLowerCase() }));

    // Meet first, with a date and a message; the inbox's Meet first filter lists it; then accept.
    await openFromInbox(s, meet.id);
    const chat = "Could we have a coffee first?";
    await decide(s, meet, "meet_first", { message: chat, meetOn: "2030-03-14" });
    expect(statusOf(meet.id)).toMatchObject({ meetOn: "2030-03-14" });
    expect(await page.locator("main .summary-list").innerText()).toContain(rc.meetOn);
    const meetMail = await expectApplicantMail(meet, [SUBJECTS.receipt, SUBJECTS.meet_first]);
    expectDecisionMail(meetMail, "meet_first", chat);
    const day = new Intl.DateTimeFormat("en-AU", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: TIME_ZONE }).format(new Date("2030-03-14T12:00:00Z"));
    expect(meetMail.text).toContain(fill(emailCopy.parts["join.meetOn"], { date: day }).trim());
    // After meeting, every answer is still open.
    expect((await decisionForms(page)).map((f) => f.button.split(/[\s:]/)[0])).toEqual(["Accept", "Meet", "Decline", "Waiting"]);
    expect(await filterInbox(s, "meet_first")).toContain(meet.id);
    await openFromInbox(s, meet.id);
    await decide(s, meet, "accepted");
    expectDecisionMail(await expectApplicantMail(meet, [SUBJECTS.receipt, SUBJECTS.meet_first, SUBJECTS.accepted]), "accepted", "");
    expect(await timeline(page)).toEqual([
      ...RECEIVED,
      [T["request.meet_first"], convenor],
      [T["email.applicant"], BY.system],
      [T["request.accepted"], convenor],
      [T["email.applicant"], BY.system],
    ]);

    // Decline, with a message and a reason (a code for staff; the applicant never sees it).
    await openFromInbox(s, decline.id);
    const sorry = "We are a small group and live far apart.\nThe online groups may suit you.";
    await decide(s, decline, "declined", { message: sorry, reason: "too_far" });
    expect(statusOf(decline.id)).toMatchObject({ declineReason: "too_far" });
    expect(await page.locator("main .summary-list").innerText()).toContain(rc.reasons.too_far);
    const declined = await expectApplicantMail(decline, [SUBJECTS.receipt, SUBJECTS.declined]);
    expectDecisionMail(declined, "declined", sorry);
    expect(declined.text).not.toContain(rc.reasons.too_far);
    expect(declined.text).not.toMatch(/too_far|too far away/i);

    // The waiting list, with a message.
    await openFromInbox(s, wait.id);
    const soon = "A place should free up in March.";
    await decide(s, wait, "waiting_list", { message: soon });
    expectDecisionMail(await expectApplicantMail(wait, [SUBJECTS.receipt, SUBJECTS.waiting_list]), "waiting_list", soon);
    expect(await timeline(page)).toEqual([...RECEIVED, [T["request.waiting_list"], convenor], [T["email.applicant"], BY.system]]);

    // The filters: each status lists these requests where they now are, and nowhere else.
    const mine = { [untouched.id]: "new", [accept.id]: "accepted", [meet.id]: "accepted", [decline.id]: "declined", [wait.id]: "waiting_list" };
    for (const status of STATUSES) {
      const listed = await filterInbox(s, status);
      for (const [id, where] of Object.entries(mine)) {
        expect(listed.includes(Number(id)), `request ${id} (${where}) under the ${status} filter`).toBe(where === status);
      }
    }
    // The untouched applicant heard nothing more than the receipt.
    await expectApplicantMail(untouched, [SUBJECTS.receipt]);
  });

  it("accepts from the email's Accept link: the link opens a page, only its button answers", async ({ onTestFinished }) => {
    const convenor = newConvenor(`link-${tag}`);
    const a = await newRequest(`link-${tag}`);
    const link = await acceptLinkFor(convenor, a);
    expect(new URL(link).origin).toBe(site.appUrl);

    const s = await open(js, onTestFinished);
    const { page, wizard: w } = s;
    await w.goto(link);
    expect(pathOf(page)).toBe("/join-requests/decide");
    await expect.poll(() => page.locator("h1").innerText()).toBe(fill(wizardCopy.joinDecide.titles.accepted, { name: a.name, group: GROUP }));
    // Opening the link changed nothing.
    expect(statusOf(a.id).status).toBe("new");
    const message = "Welcome aboard.\nSee you soon.";
    await page.getByLabel(fill(wizardCopy.joinDecide.message.label, { name: a.name }), { exact: true }).fill(message);
    await w.markStale();
    await w.button(fill(wizardCopy.joinDecide.buttons.accepted, { name: a.name })).click();
    await w.arrived("/join-requests/decide/done");
    await expect.poll(() => page.locator("h1").innerText()).toBe(wizardCopy.joinDecide.done.title);
    expect(statusOf(a.id).status).toBe("accepted");
    expectDecisionMail(await expectApplicantMail(a, [SUBJECTS.receipt, SUBJECTS.accepted]), "accepted", message);

    // In the convenor area: accepted, from our email.
    await signIn(s, convenor);
    const listed = await listedRequests(page);
    expect(listed).toContainEqual({ id: a.id, status: "accepted", links: true });
    await openFromInbox(s, a.id);
    expect(await page.locator("main").getAttribute("data-status")).toBe("accepted");
    expect(await timeline(page)).toEqual([...RECEIVED, [T["request.accepted"], BY.emailLink], [T["email.applicant"], BY.system]]);
  });

  it("keyboard only: signs in and accepts a request with Tab, typing, Enter and Space", async ({ onTestFinished }) => {
    const convenor = newConvenor(`keys-${tag}`);
    const a = await newRequest(`keys-${tag}`);
    const s = await open(js, onTestFinished);
    const { page, wizard: w } = s;
    await signIn(s, convenor, { keyboard: true });

    // From the inbox to the request, with Tab and Enter.
    await tabTo(page, `main [data-request-id="${a.id}"] a[href="${requestPath(a.id)}"]`, { max: 120 });
    await w.markStale();
    await page.keyboard.press("Enter");
    await w.arrived(requestPath(a.id));

    // The accept form: type a message, then Space on the button.
    await tabTo(page, "#accepted-message-input", { max: 120 });
    const message = "Typed with the keyboard.";
    await page.keyboard.type(message);
    await tabTo(page, "#accepted-button");
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(fill(rc.buttons.accepted, { name: a.name }));
    await page.keyboard.press("Space");
    await page.waitForURL((u) => u.pathname === requestPath(a.id) && u.searchParams.get("done") === "accepted");
    await settled(s);
    await expect.poll(() => page.locator("main").getAttribute("data-status")).toBe("accepted");
    expectDecisionMail(await expectApplicantMail(a, [SUBJECTS.receipt, SUBJECTS.accepted]), "accepted", message);
  });
});

// --- Accessibility and small screens ----------------------------------------------------

/** axe (WCAG 2.2 AA) at 1024 px, then no sideways scrolling at 390 px. */
async function checkPage(page: Page, label: string, expect: ExpectStatic) {
  expect.soft(await axeViolations(page), `axe on ${label} (${pathOf(page)})`).toEqual([]);
  const widths = await widthsAt390(page);
  expect.soft(widths.scrollWidth, `sideways scroll at 390 px on ${label}: ${JSON.stringify(widths)}`).toBeLessThanOrEqual(widths.clientWidth);
}

describe.each(MODES)("accessibility and 390 px, $mode", ({ js }) => {
  it("the inbox, a request and its error state, the groups, a group, the listing editor and its error state, the account", async ({ onTestFinished, expect }) => {
    const tag = js ? "a11y-js" : "a11y-nojs";
    // A long, real-looking address and a long name: both are shown.
    const convenor = newConvenor(`firstname.lastname.${tag}`);
    const a = await newRequest(tag, "A note with a long word: Pneumonoultramicroscopicsilicovolcanoconiosis.", "Bartholomew Fitzwilliams-Montgomery");
    // axe runs in the page: "JavaScript off" is the server-rendered page with the app's scripts blocked.
    const s = await open(true, onTestFinished, !js);
    const { page, wizard: w } = s;
    await signIn(s, convenor);
    await checkPage(page, "the inbox", expect);

    await openFromInbox(s, a.id);
    await checkPage(page, "a request", expect);
    // Decline with no reason: the error, next to the field and in the summary.
    const posted = page.waitForResponse((r) => r.request().method() === "POST");
    await formFor(page, a, "declined").getByRole("button").click();
    if (!js) expect((await posted).status()).toBe(400);
    else await posted;
    await settled(s);
    await page.locator(".error-summary").waitFor();
    expect(await page.locator("#declined-declineReason-error").innerText()).toContain(rc.errors.reason);
    expect(statusOf(a.id).status).toBe("new");
    await checkPage(page, "a request with an error", expect);

    await w.goto("/convenor/groups");
    await checkPage(page, "the groups", expect);
    await w.goto("/convenor/groups/hobart");
    expect(await page.locator("main").getAttribute("data-group-slug")).toBe("hobart");
    await checkPage(page, "a group", expect);
    await w.goto("/convenor/groups/hobart/edit");
    await checkPage(page, "the listing editor", expect);
    const lc = convenorCopy.listing;
    await page.getByLabel(lc.fields.capacity.label, { exact: true }).fill("1");
    await page.getByLabel(lc.fields.start.label, { exact: true }).fill("25:00");
    await w.submitExpectingErrors(lc.button);
    expect(await page.locator(".error-summary").innerText()).toContain(lc.errors.capacity);
    await checkPage(page, "the listing editor with errors", expect);

    await w.goto("/account");
    await checkPage(page, "the account", expect);
  });
});

// --- The listing editor ---------------------------------------------------------------

const lc = convenorCopy.listing;

/** The public page's text, as anyone sees it (no cookie). */
async function publicPage(path: string) {
  const res = await fetch(`${site.base}${path}`);
  expect(res.status, path).toBe(200);
  return res.text();
}

describe.each(MODES)("the listing editor, $mode", ({ js }) => {
  const tag = js ? "js" : "nojs";
  // Each mode saves a rhythm the other does not, so each change is visible.
  const rhythm = js
    ? { frequency: "weekly", weekday: "4", start: "18:30", end: "20:00", shown: "Weekly, Thursday, 6:30–8 pm" }
    : { frequency: "weekly", weekday: "2", start: "17:00", end: "18:45", shown: "Weekly, Tuesday, 5–6:45 pm" };

  it("changes the rhythm and description; the public page shows them at once; the venue note goes only to accepted members", async ({ onTestFinished, expect }) => {
    const convenor = newConvenor(`listing-${tag}`);
    const description = `We are a friendly peer group (${tag} ${Date.now()}).`;
    const venue = `Room 4, 12 Quiet Lane (${tag})\nRing the bell`;
    expect(await publicPage("/groups/hobart")).not.toContain(rhythm.shown);

    const s = await open(js, onTestFinished);
    const { page, wizard: w } = s;
    await signIn(s, convenor);
    await w.goto("/convenor/groups/hobart");
    await w.followLink(convenorCopy.group.editListing, "/convenor/groups/hobart/edit");
    expect(await page.locator("h1").innerText()).toBe(fill(lc.title, { group: GROUP }));

    await page.getByLabel(lc.fields.description.label, { exact: true }).fill(description);
    await page.locator("fieldset").filter({ hasText: lc.fields.frequency.label }).locator("label").filter({ hasText: lc.options.frequency[rhythm.frequency as "weekly"] }).click();
    await page.getByLabel(lc.fields.weekday.label, { exact: true }).selectOption(rhythm.weekday);
    await page.getByLabel(lc.fields.start.label, { exact: true }).fill(rhythm.start);
    await page.getByLabel(lc.fields.end.label, { exact: true }).fill(rhythm.end);
    await page.getByLabel(lc.fields.venueNote.label, { exact: true }).fill(venue);
    await w.button(lc.button).click();
    await page.waitForURL((u) => u.pathname === "/convenor/groups/hobart/edit" && u.searchParams.get("saved") === "1");
    await settled(s);
    await expect.poll(() => page.getByRole("status").innerText()).toBe(lc.saved);
    const row = site.db.prepare("SELECT description, venue_note AS venue, rhythm FROM groups WHERE slug = 'hobart'").get() as { description: string; venue: string; rhythm: string };
    // (A form sent without JavaScript ends lines with CR LF.)
    expect({ description: row.description, venue: row.venue.replace(/\r\n/g, "\n") }).toEqual({ description, venue });
    expect(JSON.parse(row.rhythm)).toMatchObject({ frequency: rhythm.frequency, weekday: Number(rhythm.weekday), start: rhythm.start, end: rhythm.end });

    // The public page, at once, in this browser and to anyone: the new rhythm and description, never the venue.
    await w.goto("/groups/hobart");
    const seen = await page.locator("main").innerText();
    expect(seen).toContain(rhythm.shown);
    expect.soft(seen, "the convenor's description on the public page").toContain(description);
    for (const path of ["/groups/hobart", "/groups", "/groups/hobart/calendar.ics"]) {
      const text = await publicPage(path);
      expect(text, path).not.toContain("Quiet Lane");
      expect(text, path).not.toContain("Ring the bell");
    }
    expect.soft(await publicPage("/groups/hobart"), "the convenor's description on the public page, to anyone").toContain(description);

    // An applicant accepted now gets the venue note, quoted as the convenor's.
    const a = await newRequest(`venue-${tag}`);
    await openFromInbox(s, a.id);
    await decide(s, a, "accepted");
    const mail = await expectApplicantMail(a, [SUBJECTS.receipt, SUBJECTS.accepted]);
    expect(mail.text).toContain(venueQuoted(venue));
    // Anyone else heard nothing of it: not the receipt, not one declined now.
    expect(mailTo(site.smtp, a.email)[0]!.text).not.toContain("Quiet Lane");
    const d = await newRequest(`venue-declined-${tag}`);
    await openFromInbox(s, d.id);
    await decide(s, d, "declined", { reason: "group_full" });
    const declined = await expectApplicantMail(d, [SUBJECTS.receipt, SUBJECTS.declined]);
    expect(declined.text).not.toContain("Quiet Lane");
  });
});
