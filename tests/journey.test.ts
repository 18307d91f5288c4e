/**
 * The applicant's journey, second pass, in real Chromium with JavaScript on
 * and off: what a person sees on each outcome (headline, first button, the
 * groups listed and their order), joining from a group's page (carried
 * through the questions to its form, or told why not with a one-click change
 * of the one answer that matters), Start again asking first, the change link
 * naming its answer, "Question N of M", errors in the title and the error
 * summary first. Every outcome page reached lists exactly the groups its
 * decision recorded (read back from SQLite). axe on each new or changed page,
 * 390 px without sideways scrolling, and the keyboard alone.
 */
import Database from "better-sqlite3";
import type { Page } from "playwright-core";
import { describe, inject, it, type ExpectStatic, type OnTestFinishedHandler } from "vitest";
import criteriaCopy from "../content/criteria.json";
import followUpCopy from "../content/follow-up.json";
import groupsCopy from "../content/groups.json";
import wizardCopy from "../content/eligibility.json";
import { RULE_VERSION } from "../machines/criteria";
import { NEAR_ZONE_HOURS } from "../machines/matching";
import { chooseRadioByKeyboard, openSession, PATHS, recordRequests, tabTo, useBrowser, waitUntil, type Journey, type Session, type Wizard } from "./support/browser";
import { listedGroupIds, listedGroupSlugs, savedDecision, savedSnapshot, scrollsSideways } from "./support/decision";
import { axeViolations } from "./support/a11y";

const browser = useBrowser();

const out = wizardCopy.outcome;
const join = wizardCopy.join;
const fill = (t: string, vars: Record<string, string | number>) => t.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
const text = (s: string | null) => (s ?? "").replace(/\s+/g, " ").trim();

const FITS = { experience: "workshops", practice: "paid", supervision: "no", hopes: ["learn_share"] } as const satisfies Partial<Journey>;
const at = (location: NonNullable<Journey["location"]>): Journey => ({ ...FITS, hopes: [...FITS.hopes], location });

/** Hours between two zones now (for "a time zone near theirs", worked out here from the platform's own clock). */
function hoursApart(a: string, b: string): number {
  const offset = (zone: string) => {
    const name = new Intl.DateTimeFormat("en-AU", { timeZone: zone, timeZoneName: "longOffset" }).formatToParts(new Date()).find((p) => p.type === "timeZoneName")!.value;
    const m = /([+-])(\d{1,2})(?::(\d{2}))?/.exec(name);
    return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0;
  };
  return Math.abs(offset(a) - offset(b)) / 60;
}

interface OutcomeCase {
  name: string;
  journey: Journey;
  reason: string;
  headline: string;
  /** The first button in the page's content: its text and whether it is the primary (green) kind. */
  firstButton: string;
  /** The groups listed, in order. */
  groups: () => string[];
  /** The place the waiting list is for, as the page says it. */
  waitingFor?: string;
}

const ONLINE_NEAR_DARWIN = () =>
  // Alice Springs keeps Darwin time (+9:30): Perth's group is 1.5 hours away; New Zealand's 2.5 or 3.5, with its daylight saving.
  ["west-and-asia-daytime", ...(hoursApart("Australia/Darwin", "Pacific/Auckland") <= NEAR_ZONE_HOURS ? ["anz-evenings"] : [])];

const OUTCOMES: OutcomeCase[] = [
  {
    name: "fits, an open group nearby (Brunswick 3056, in person, 10 km)",
    journey: at({ country: "AU", place: "3056", format: "in_person", distanceKm: 10 }),
    reason: "match",
    headline: out.headlines.match,
    firstButton: `${out.askToJoin}: Melbourne Inner North`,
    groups: () => ["melbourne-inner-north"],
  },
  {
    name: "fits, the nearest in-person group is full (Newtown 2042, in person, 10 km)",
    journey: at({ country: "AU", place: "2042", format: "in_person", distanceKm: 10 }),
    reason: "group_full",
    headline: out.headlines.group_full,
    firstButton: `${out.joinWaitingList}: Sydney Inner West`,
    // Then the online groups in a time zone near Sydney's: New Zealand (2 h) and Perth (2 or 3 h).
    groups: () => ["sydney-inner-west", "anz-evenings", "west-and-asia-daytime"],
  },
  {
    name: "fits, nothing near (Alice Springs 0870, in person, 100 km)",
    journey: at({ country: "AU", place: "0870", format: "in_person", distanceKm: 100 }),
    reason: "no_group_nearby",
    headline: fill(out.headlines.no_group_nearby, { distance: "100 km", place: "Alice Springs, NT 0870" }),
    firstButton: out.waitingListButton,
    groups: ONLINE_NEAR_DARWIN,
    waitingFor: "Alice Springs, NT 0870",
  },
  {
    name: "fits, lives abroad (Berlin, in person)",
    journey: at({ country: "other", place: "Berlin", format: "in_person" }),
    reason: "outside_region",
    headline: fill(out.headlines.outside_region, { place: "Berlin" }),
    firstButton: out.waitingListButton,
    // Their time zone is not known: every online group, by name.
    groups: () => ["anz-evenings", "west-and-asia-daytime"],
  },
];

const MODES = [
  { js: true, mode: "JavaScript on" },
  { js: false, mode: "JavaScript off" },
];

type Open = (onTestFinished: (fn: OnTestFinishedHandler) => void) => Promise<Session>;

/** The first button in the page's content (a link styled as one, or a real button). */
function firstButton(page: Page) {
  return page.locator("main a.button, main button.button").first();
}

/**
 * On an outcome page: the groups listed are exactly the decision's recorded
 * groups, in its order, and the page says the reason the decision recorded.
 */
async function expectPageListsTheDecision(s: Session, expect: ExpectStatic): Promise<number[]> {
  const decision = await savedDecision(s.context);
  expect(decision.ruleVersion).toBe(RULE_VERSION);
  const ids = await listedGroupIds(s.page);
  expect(ids, "groups on the page = the decision's recorded ids").toEqual(decision.groups.map((g) => g.id));
  expect(await s.page.locator("main").getAttribute("data-reasons")).toBe(decision.reasons.join(" "));
  return ids;
}

let serial = 0;
const uniqueEmail = (tag: string) => `journey-${tag}-${process.pid}-${Date.now()}-${++serial}@example.com`;

function joinRowsFor(email: string): { slug: string; reasons: string; answers: string }[] {
  const db = new Database(inject("databasePath"), { readonly: true, fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    return db.prepare("SELECT g.slug, j.reasons, j.answers FROM join_requests j JOIN groups g ON g.id = j.group_id WHERE j.email = ?").all(email) as never;
  } finally {
    db.close();
  }
}

async function sendJoinRequest(w: Wizard, slug: string, email: string): Promise<void> {
  await w.page.getByLabel(join.name.label, { exact: true }).fill("Jo Journey");
  await w.page.getByLabel(join.email.label, { exact: true }).fill(email);
  await w.tick(join.consent.label, true);
  await w.submit(`/eligibility/join/${slug}/sent`, join.button);
  await w.page.locator("main[data-join-reference]").waitFor();
}

/** From a group's public page, its "Ask to join" (or "Join the waiting list") link. */
async function askFromGroupPage(w: Wizard, slug: string, label: string): Promise<void> {
  await w.goto(`/groups/${slug}`);
  await w.markStale();
  await w.page.locator(`main a[href="/eligibility/join/${slug}"]`).filter({ hasText: label }).click();
  await w.arrived(`/eligibility/join/${slug}`);
}

describe.concurrent("the applicant's journey", { timeout: 90_000 }, () => {
  describe.concurrent.each(MODES)("with $mode: outcomes tell the truth", ({ js }) => {
    const open: Open = (onTestFinished) => openSession(browser(), { js, onTestFinished });

    it.for(OUTCOMES)("$name", async (c, { onTestFinished, expect }) => {
      const s = await open(onTestFinished);
      const { wizard: w, page } = s;
      await w.answerAll(c.journey);
      await w.seeResult();

      // The headline, in the page and its title.
      expect(await page.locator("main").getAttribute("data-reasons")).toBe(c.reason);
      expect(text(await page.locator("main h1").textContent())).toBe(c.headline);
      await expect.poll(() => page.title()).toContain(c.headline);

      // The first action.
      const first = firstButton(page);
      expect(text(await first.textContent())).toBe(c.firstButton);
      expect(await first.getAttribute("class")).not.toContain("button--secondary");

      // The groups listed, in order, and exactly what the decision recorded.
      expect(await listedGroupSlugs(page)).toEqual(c.groups());
      await expectPageListsTheDecision(s, expect);
      // Each group's name links to its page.
      for (const slug of c.groups()) {
        expect(await page.locator(`main [data-group="${slug}"] .group-card__name a`).getAttribute("href")).toBe(`/groups/${slug}`);
      }

      // PWCOP fits them: the reason says which answer, and the change link names it.
      const change = page.locator("main a[data-change-link]");
      expect(text(await change.textContent())).toBe(out.changeAnswer.location);
      expect(await change.getAttribute("href")).toBe("/eligibility/location?change=check");

      if (c.waitingFor !== undefined || c.reason === "outside_region") {
        // The waiting list first, with the area already known, "New groups near me" ticked.
        expect(await page.locator('main input[name="interests"][value="new_groups"]').isChecked()).toBe(true);
        const note = text(await page.locator("main [data-waiting-list]").textContent());
        if (c.waitingFor) expect(note).toContain(c.waitingFor);
        // The form comes before the online groups.
        const formFirst = await page.evaluate(() => {
          const form = document.querySelector('main form[action="/newsletter"]');
          const card = document.querySelector("main [data-group-id]");
          return !!form && (!card || !!(form.compareDocumentPosition(card) & Node.DOCUMENT_POSITION_FOLLOWING));
        });
        expect(formFirst).toBe(true);
      }

      // At 390 px nothing scrolls sideways.
      await page.setViewportSize({ width: 390, height: 844 });
      await w.reload();
      expect(await scrollsSideways(page), `${c.name} at 390 px`).toBe(false);
    });

    it("training: the change link names the answer; Start again asks first, and No keeps the answers", async ({ onTestFinished, expect }) => {
      const s = await open(onTestFinished);
      const { wizard: w, page } = s;
      await w.goto(PATHS.experience);
      expect(text(await page.locator("main [data-progress]").textContent())).toBe(fill(wizardCopy.common.progress, { number: 1, total: 5 }));
      await w.answerExperience("none", PATHS.check);
      await w.seeResult();
      expect(text(await page.locator("main h1").textContent())).toBe(out.headlines.no_experience);
      const change = page.locator("main a[data-change-link]");
      expect(text(await change.textContent())).toBe(out.changeAnswer.experience);
      expect(await change.getAttribute("href")).toBe("/eligibility/experience?change=check");
      // The Training page's copy promises only what it has.
      expect(text(await page.locator("main").textContent())).not.toContain("what is on near you");
      expect(await listedGroupIds(page)).toEqual([]);

      await w.followLink(out.startAgain, "/eligibility/start-again");
      expect(text(await page.locator("main h1").textContent())).toBe(wizardCopy.startAgain.title);
      await w.followLink(wizardCopy.startAgain.cancel, PATHS.outcome);
      expect(text(await page.locator("main h1").textContent())).toBe(out.headlines.no_experience);

      await w.followLink(out.startAgain, "/eligibility/start-again");
      await w.submit(PATHS.experience, wizardCopy.startAgain.button);
      expect(await savedSnapshot(s.context)).toBeNull();
      await w.goto(PATHS.outcome);
      expect(w.path).toBe(PATHS.start);
    });

    it("'Question N of M' counts the questions this person is asked, the place choice belonging to the location", async ({ onTestFinished, expect }) => {
      const { wizard: w, page } = await open(onTestFinished);
      const progress = async () => text(await page.locator("main [data-progress]").textContent());
      const of = (n: number, total = 5) => fill(wizardCopy.common.progress, { number: n, total });
      await w.goto(PATHS.experience);
      expect(await progress()).toBe(of(1));
      await w.answerExperience("workshops", PATHS.practice);
      expect(await progress()).toBe(of(2));
      await w.answerPractice("paid", PATHS.supervision);
      expect(await progress()).toBe(of(3));
      await w.answerSupervision("yes", PATHS.check);
      // "yes" makes the outcome certain after 3 questions: Back to supervision counts 3 of 3… unless it is answered again.
      await w.goto(PATHS.practice);
      expect(await progress()).toBe(of(2, 3));
      await w.goto(PATHS.supervision);
      expect(await progress()).toBe(of(3));
      await w.answerSupervision("no", PATHS.hopes);
      expect(await progress()).toBe(of(4));
      await w.answerHopes([], PATHS.location);
      expect(await progress()).toBe(of(5));
      await w.answerLocation({ country: "AU", place: "Brunswick", format: "in_person", distanceKm: 10 }, PATHS.place);
      expect(await progress()).toBe(of(5));
    });
  });

  describe.concurrent.each(MODES)("with $mode: join from a group's page", ({ js }) => {
    const open: Open = (onTestFinished) => openSession(browser(), { js, onTestFinished });

    it("'Ask to join' carries the group through the questions and lands on its form once the answers fit", async ({ onTestFinished, expect }) => {
      const s = await open(onTestFinished);
      const { wizard: w, page } = s;
      await askFromGroupPage(w, "hobart", groupsCopy.group.ask);
      expect(text(await page.locator("main h1").textContent())).toBe(fill(join.title, { group: "Hobart" }));
      expect(await page.locator("main [data-join-state]").getAttribute("data-join-state")).toBe("start");
      await w.submit(PATHS.experience, join.start.button);
      await w.answerAll(at({ country: "AU", place: "7000", format: "in_person", distanceKm: 25 }));
      // "See my result" lands on the group's join form, not the outcome.
      await w.submit("/eligibility/join/hobart", wizardCopy.check.button);
      await expect.poll(() => page.getByLabel(join.name.label, { exact: true }).count()).toBe(1);
      expect(text(await page.locator("main h1").textContent())).toBe(fill(join.title, { group: "Hobart" }));
      expect((await savedDecision(s.context)).groups.map((g) => g.slug)).toContain("hobart");
      const email = uniqueEmail(js ? "js" : "nojs");
      await sendJoinRequest(w, "hobart", email);
      expect(joinRowsFor(email).map((r) => r.slug)).toEqual(["hobart"]);
      // Their outcome lists exactly what the decision recorded.
      await w.goto(PATHS.outcome);
      await expectPageListsTheDecision(s, expect);
    });

    it("'Join the waiting list' on a full group's page lands on its form with the waiting-list lead", async ({ onTestFinished, expect }) => {
      const s = await open(onTestFinished);
      const { wizard: w, page } = s;
      await askFromGroupPage(w, "sydney-inner-west", groupsCopy.group.askWaitingList);
      expect(text(await page.locator("main [data-join-state]").textContent())).toBe(join.start.fullLead);
      await w.submit(PATHS.experience, join.start.button);
      await w.answerAll(at({ country: "AU", place: "2042", format: "in_person", distanceKm: 10 }));
      await w.submit("/eligibility/join/sydney-inner-west", wizardCopy.check.button);
      await expect.poll(() => page.getByLabel(join.name.label, { exact: true }).count()).toBe(1);
      expect(text(await page.locator("main .lead").first().textContent())).toBe(fill(join.fullLead, { convenor: "Tom" }));
      const decision = await savedDecision(s.context);
      expect(decision.reasons).toEqual(["group_full"]);
      expect(decision.groups[0]?.slug).toBe("sydney-inner-west");
    });

    it("an online group with 'in person only' answers says why and changes the one answer in one click", async ({ onTestFinished, expect }) => {
      const s = await open(onTestFinished);
      const { wizard: w, page } = s;
      await askFromGroupPage(w, "anz-evenings", groupsCopy.group.ask);
      await w.submit(PATHS.experience, join.start.button);
      await w.answerAll(at({ country: "AU", place: "7000", format: "in_person", distanceKm: 25 }));
      await w.submit("/eligibility/join/anz-evenings", wizardCopy.check.button);

      // Never a dead end: why, and the one change that would make it suit.
      expect(await page.locator("main [data-join-state]").getAttribute("data-join-state")).toBe("not_suited");
      expect(text(await page.locator("main h1").textContent())).toBe(fill(join.notSuited.title, { group: "ANZ evenings" }));
      expect(text(await page.locator("main [data-join-state]").textContent())).toBe(fill(join.notSuited.why.meets_online, { group: "ANZ evenings" }));
      expect(await page.locator("main a[href='/eligibility/outcome']").count()).toBe(1);
      expect((await savedDecision(s.context)).groups.map((g) => g.slug)).not.toContain("anz-evenings");

      await w.submit("/eligibility/join/anz-evenings", join.notSuited.change.format);
      await expect.poll(() => page.getByLabel(join.name.label, { exact: true }).count()).toBe(1);
      const snap = await savedSnapshot(s.context);
      expect(snap?.output?.groups.map((g) => g.slug)).toContain("anz-evenings");
      expect((snap?.context.answers as { format?: string }).format).toBe("either");
      // Everything else they answered is kept.
      expect(snap?.context.answers).toMatchObject({ experience: "workshops", country: "AU", place: "7000", distanceKm: 25 });
      const email = uniqueEmail(js ? "js-online" : "nojs-online");
      await sendJoinRequest(w, "anz-evenings", email);
      expect(joinRowsFor(email).map((r) => r.slug)).toEqual(["anz-evenings"]);
    });

    it("a group beyond the distance offers the distance that reaches it; one too far says so and offers other ways", async ({ onTestFinished, expect }) => {
      const s = await open(onTestFinished);
      const { wizard: w, page } = s;
      // Perth's CBD, in person within 10 km: the Perth group meets in Fremantle, about 16 km away.
      await w.answerAll(at({ country: "AU", place: "6000", format: "in_person", distanceKm: 10 }));
      await w.seeResult();
      expect((await savedDecision(s.context)).reasons).toEqual(["no_group_nearby"]);

      // Canberra is thousands of km away: no distance reaches it.
      await w.goto("/eligibility/join/canberra");
      expect(await page.locator("main [data-join-state]").getAttribute("data-join-state")).toBe("not_suited");
      expect(text(await page.locator("main").textContent())).toContain(join.notSuited.noChange);
      expect(await page.locator("main form").count()).toBe(0);
      for (const href of ["/eligibility/outcome", "/eligibility/location?change=check", "/groups"]) {
        expect(await page.locator(`main a[href="${href}"]`).count(), href).toBe(1);
      }

      await w.goto("/eligibility/join/perth-fremantle");
      expect(text(await page.locator("main [data-join-state]").textContent())).toBe(
        fill(join.notSuited.why.beyond_distance, { group: "Perth", km: 16, place: "Perth, WA 6000", distance: "10 km" }),
      );
      await w.submit("/eligibility/join/perth-fremantle", fill(join.notSuited.change.distanceKm, { distance: "25 km" }));
      await expect.poll(() => page.getByLabel(join.name.label, { exact: true }).count()).toBe(1);
      const snap = await savedSnapshot(s.context);
      expect(snap?.output?.reasons).toEqual(["match"]);
      expect((snap?.context.answers as { distanceKm?: number }).distanceKm).toBe(25);
      await w.goto(PATHS.outcome);
      expect(await listedGroupSlugs(page)).toEqual(["perth-fremantle"]);
      await expectPageListsTheDecision(s, expect);
    });
  });

  describe.concurrent.each(MODES)("with $mode: errors", ({ js }) => {
    const open: Open = (onTestFinished) => openSession(browser(), { js, onTestFinished });

    it("'New groups near me' with no place is refused with a clear message; the title says Error and the summary comes first", async ({ onTestFinished, expect }) => {
      const { wizard: w, page } = await open(onTestFinished);
      await w.goto("/newsletter");
      await page.getByLabel(wizardCopy.newsletter.email.label, { exact: true }).fill(uniqueEmail("noplace"));
      await w.tick(wizardCopy.newsletter.interests.options.new_groups.label, true);
      await w.submitExpectingErrors(wizardCopy.newsletter.button);
      await expect.poll(() => page.locator(".error-summary a").allTextContents()).toEqual([wizardCopy.newsletter.interests.errors.no_place]);
      await expect.poll(() => page.title()).toMatch(new RegExp(`^${wizardCopy.common.errorTitlePrefix}`));
      expect(await summaryBeforeHeading(page)).toBe(true);
      // Unticked, the same address is signed up to what is left.
      await w.tick(wizardCopy.newsletter.interests.options.new_groups.label, false);
      await w.tick(wizardCopy.newsletter.interests.options.training_events.label, true);
      await w.submit("/newsletter/thanks", wizardCopy.newsletter.button);
    });

    it("the join and save forms put the error summary above the intro, and Error: in the title", async ({ onTestFinished, expect }) => {
      // A page never used before: the test watches the form's scripts being requested.
      const { wizard: w, page } = await openSession(browser(), { js, onTestFinished, fresh: true });
      await w.answerAll(at({ country: "AU", place: "3056", format: "in_person", distanceKm: 10 }));
      await w.seeResult();
      await w.goto("/eligibility/join/melbourne-inner-north");
      await w.submitExpectingErrors(join.button);
      await expect.poll(() => page.title()).toMatch(new RegExp(`^${wizardCopy.common.errorTitlePrefix}`));
      expect(await summaryBeforeHeading(page)).toBe(true);

      await w.goto("/eligibility/save");
      await w.submitExpectingErrors(followUpCopy.saveForLater.button);
      await expect.poll(() => page.title()).toMatch(new RegExp(`^${wizardCopy.common.errorTitlePrefix}`));
      expect(await summaryBeforeHeading(page)).toBe(true);

      if (js) {
        // Errors found in the browser, before any request, put "Error: " in the title too.
        for (const [path, button] of [
          ["/eligibility/join/melbourne-inner-north", join.button],
          ["/eligibility/save", followUpCopy.saveForLater.button],
          ["/newsletter", wizardCopy.newsletter.button],
        ] as const) {
          await w.goto(path);
          expect(await page.title()).not.toMatch(new RegExp(`^${wizardCopy.common.errorTitlePrefix}`));
          const requests = recordRequests(page);
          await clientValidationLoaded(page, requests);
          const posts = () => requests.filter((r) => r.method() === "POST").length;
          await w.button(button).click();
          await page.locator(".error-summary").waitFor();
          await expect.poll(() => page.title(), { message: path }).toMatch(new RegExp(`^${wizardCopy.common.errorTitlePrefix}`));
          expect(posts(), `${path}: no request was sent`).toBe(0);
          expect(await summaryBeforeHeading(page), path).toBe(true);
        }
      }
    });
  });

  describe.each(MODES)("keyboard only, $mode", ({ js }) => {
    it("joins from a group's page: Ask to join, the questions, straight to the form, sent", async ({ onTestFinished, expect }) => {
      const { wizard: w, page } = await openSession(browser(), { js, onTestFinished });
      const kb = page.keyboard;
      const enterTo = async (path: string) => {
        await w.markStale();
        await kb.press("Enter");
        await w.arrived(path);
      };
      const continueTo = async (path: string) => {
        await tabTo(page, "main form button[type=submit]");
        await enterTo(path);
      };
      await w.goto("/groups/hobart");
      await tabTo(page, 'main a[href="/eligibility/join/hobart"]');
      await enterTo("/eligibility/join/hobart");
      await continueTo(PATHS.experience);
      await chooseRadioByKeyboard(page, "experience", "training_program");
      await continueTo(PATHS.practice);
      await chooseRadioByKeyboard(page, "practice", "unpaid");
      await continueTo(PATHS.supervision);
      await chooseRadioByKeyboard(page, "supervision", "no");
      await continueTo(PATHS.hopes);
      await continueTo(PATHS.location);
      await chooseRadioByKeyboard(page, "country", "AU");
      await tabTo(page, "#field-place-input");
      await kb.type("7000");
      await chooseRadioByKeyboard(page, "format", "in_person");
      await chooseRadioByKeyboard(page, "distanceKm", "25");
      await continueTo(PATHS.check);
      await continueTo("/eligibility/join/hobart");
      const email = uniqueEmail(js ? "kb-js" : "kb-nojs");
      await tabTo(page, "#field-name-input");
      await kb.type("Kai Keyboard");
      await tabTo(page, "#field-email-input");
      await kb.type(email);
      await tabTo(page, "#field-consent-input");
      await kb.press("Space");
      await continueTo("/eligibility/join/hobart/sent");
      expect(joinRowsFor(email).map((r) => r.slug)).toEqual(["hobart"]);
    });
  });

  describe.concurrent("axe", () => {
    async function checkAxe(page: Page, label: string, expect: ExpectStatic) {
      expect.soft(await axeViolations(page), `axe on ${label}`).toEqual([]);
    }

    // "Without JavaScript": JavaScript stays on for axe, but the app's own scripts are blocked, so pages stay as the server rendered them.
    const AXE_MODES = [
      { mode: "JavaScript on", blockScripts: false },
      { mode: "as without JavaScript", blockScripts: true },
    ];

    // Many pages and axe scans: a busy machine needs more than the default 90 s.
    it.for(AXE_MODES)("joining from a group's page, Start again, save and newsletter errors, $mode", { timeout: 240_000 }, async ({ blockScripts, mode }, { onTestFinished, expect }) => {
      const { wizard: w, page } = await openSession(browser(), { js: true, blockScripts, onTestFinished });
      await w.goto("/who-is-it-for");
      expect(await page.locator('[data-list="location-rules"] li').count()).toBe(Object.keys(criteriaCopy.locationRules).length);
      await checkAxe(page, `/who-is-it-for (${mode})`, expect);
      await w.goto(PATHS.experience);
      await checkAxe(page, `a question with its progress line (${mode})`, expect);

      await askFromGroupPage(w, "anz-evenings", groupsCopy.group.ask);
      await checkAxe(page, `join start page (${mode})`, expect);
      await w.submit(PATHS.experience, join.start.button);
      await w.answerAll(at({ country: "AU", place: "2042", format: "in_person", distanceKm: 10 }));
      // Newtown in person: the full group, then online groups in a time zone near Sydney's, ANZ evenings among them: its form.
      await w.submit("/eligibility/join/anz-evenings", wizardCopy.check.button);
      await checkAxe(page, `join form reached from a group's page (${mode})`, expect);
      await w.submitExpectingErrors(join.button);
      await checkAxe(page, `join form with errors (${mode})`, expect);
      await w.goto(PATHS.outcome);
      await checkAxe(page, `group_full outcome (${mode})`, expect);
      await w.goto("/eligibility/join/canberra");
      await checkAxe(page, `join page: a group too far to suit (${mode})`, expect);
      await w.goto("/eligibility/start-again");
      await checkAxe(page, `start again (${mode})`, expect);
      await w.goto("/eligibility/save");
      await w.submitExpectingErrors(followUpCopy.saveForLater.button);
      await checkAxe(page, `save with errors (${mode})`, expect);
      // "New groups near me" refused: a visitor with no answers, so no place.
      const fresh = await openSession(browser(), { js: true, blockScripts, onTestFinished });
      await fresh.wizard.goto("/newsletter");
      await fresh.page.getByLabel(wizardCopy.newsletter.email.label, { exact: true }).fill(uniqueEmail("axe"));
      await fresh.wizard.tick(wizardCopy.newsletter.interests.options.new_groups.label, true);
      await fresh.wizard.submitExpectingErrors(wizardCopy.newsletter.button);
      await checkAxe(fresh.page, `/newsletter refusing "New groups near me" (${mode})`, expect);
    });

    it.for(AXE_MODES)("outcomes: open group, nothing near, abroad, and an in-person group for someone abroad, $mode", async ({ blockScripts, mode }, { onTestFinished, expect }) => {
      const { wizard: w, page } = await openSession(browser(), { js: true, blockScripts, onTestFinished });
      await w.answerAll(at({ country: "AU", place: "3056", format: "in_person", distanceKm: 10 }));
      await w.seeResult();
      await checkAxe(page, `match outcome (${mode})`, expect);
      for (const location of [
        { country: "AU", place: "0870", format: "in_person", distanceKm: 100 },
        { country: "other", place: "Berlin", format: "in_person" },
      ] as const) {
        await w.goto(`${PATHS.location}?change=check`);
        await w.answerLocation({ ...location }, PATHS.check);
        await w.seeResult();
        await checkAxe(page, `outcome for ${location.place} (${mode})`, expect);
      }
      await w.goto("/eligibility/join/hobart");
      await checkAxe(page, `join page: an in-person group for someone abroad (${mode})`, expect);
    });
  });
});

/**
 * With JavaScript: focuses the form (which starts loading its validation),
 * then waits until the scripts it asked for have run (an import() resolves
 * only once a module has run, and the form binds itself in the same turn).
 */
async function clientValidationLoaded(page: Page, requests: { url(): string }[]): Promise<void> {
  await page.locator("main form input:not([type=hidden])").first().focus();
  const scripts = () => requests.map((r) => r.url()).filter((u) => /\/assets\/[^/]+\.js$/.test(u));
  // The enhancer and the form's own schema, asked for together.
  await waitUntil(() => scripts().some((u) => /\/form-enhancer-[^/]*\.js$/.test(u)) && scripts().length >= 2, "the form-enhancer and schema scripts to be requested");
  await page.evaluate(`Promise.all(${JSON.stringify([...new Set(scripts())])}.map((u) => import(u))).then(() => true)`);
}

/** GOV.UK: the error summary comes first in main, before the page's heading. */
async function summaryBeforeHeading(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const summary = document.querySelector("main .error-summary");
    const h1 = document.querySelector("main h1");
    return !!summary && !!h1 && !!(summary.compareDocumentPosition(h1) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
}
