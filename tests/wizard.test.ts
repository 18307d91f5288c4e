/**
 * The eligibility wizard in real Chromium, with JavaScript on and off:
 * every outcome and reason, Back, changing an answer, reloads, skipped
 * steps, ambiguous and unknown places, and asking to join a group (read back
 * from the SQLite file the server writes).
 */
import Database from "better-sqlite3";
import { describe, inject, it, type OnTestFinishedHandler } from "vitest";
import wizardCopy from "../content/eligibility.json";
import type { ReasonCode } from "../machines/answers";
import { RULE_VERSION } from "../machines/criteria";
import {
  LABELS,
  LEGENDS,
  PATHS,
  openSession,
  recordRequests,
  useBrowser,
  type Journey,
  type Session,
  type Wizard,
} from "./support/browser";
import { expectOutcomeListsDecision } from "./support/decision";

const browser = useBrowser();

const outcomeCopy = wizardCopy.outcome;
const locationCopy = wizardCopy.steps.location;
const joinCopy = wizardCopy.join;
const fill = (t: string, vars: Record<string, string>) => t.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
const because = (reason: ReasonCode, vars: Record<string, string> = {}) => fill(outcomeCopy.reasons[reason].because, vars);

const MELBOURNE_INNER_NORTH = "melbourne-inner-north";

/** The headline each outcome starts with (one per reason; places and distances filled in). */
function headline(c: { reason: ReasonCode; journey: Journey }): string {
  const l = c.journey.location;
  const place = c.reason === "no_group_nearby" ? "Broken Hill, NSW 2880" : (l?.place ?? "");
  return fill(outcomeCopy.headlines[c.reason], { place, distance: l?.distanceKm ? `${l.distanceKm} km` : "" });
}

/** Fits, and a group meets in Brunswick: 3056 is one place, its area, so there is nothing to choose. */
const MATCH: Journey = {
  experience: "training_program",
  practice: "paid",
  supervision: "no",
  hopes: ["connection", "learn_share"],
  location: { country: "AU", place: "3056", format: "in_person", distanceKm: 10 },
};
/** The same, typed as a name two states share, so the place is chosen. */
const MATCH_CHOSEN: Journey = { ...MATCH, location: { ...MATCH.location!, place: "Brunswick" }, choosePlace: "Brunswick, VIC 3056" };

interface Case {
  name: string;
  journey: Journey;
  outcome: "group" | "training" | "newsletter";
  reason: ReasonCode;
  reasonText: string;
  /** Rows the check page shows (label → value), in part. */
  check: Record<string, string>;
}

const CASES: Case[] = [
  {
    name: "no_experience",
    journey: { experience: "none" },
    outcome: "training",
    reason: "no_experience",
    reasonText: because("no_experience"),
    check: { [wizardCopy.steps.experience.answerLabel]: LABELS.experience("none") },
  },
  {
    name: "client_only",
    journey: { experience: "client_only" },
    outcome: "training",
    reason: "client_only",
    reasonText: because("client_only"),
    check: { [wizardCopy.steps.experience.answerLabel]: LABELS.experience("client_only") },
  },
  {
    name: "not_practising",
    journey: { experience: "workshops", practice: "not_yet" },
    outcome: "newsletter",
    reason: "not_practising",
    reasonText: because("not_practising"),
    check: { [wizardCopy.steps.practice.answerLabel]: LABELS.practice("not_yet") },
  },
  {
    name: "seeking_supervision",
    journey: { experience: "workshops", practice: "paid", supervision: "yes" },
    outcome: "newsletter",
    reason: "seeking_supervision",
    reasonText: because("seeking_supervision"),
    check: { [wizardCopy.steps.supervision.answerLabel]: LABELS.supervision("yes") },
  },
  {
    name: "match (in person, postcode 3056)",
    journey: MATCH,
    outcome: "group",
    reason: "match",
    reasonText: because("match"),
    check: { [locationCopy.answerLabels.place]: "Brunswick, VIC 3056", [locationCopy.answerLabels.distanceKm]: LABELS.distanceKm(10) },
  },
  {
    name: "match (online, from abroad)",
    journey: {
      experience: "workshops",
      practice: "unpaid",
      supervision: "no",
      hopes: [],
      location: { country: "other", place: "Berlin", format: "online" },
    },
    outcome: "group",
    reason: "match",
    reasonText: because("match"),
    check: { [locationCopy.answerLabels.country]: LABELS.country("other"), [locationCopy.answerLabels.format]: LABELS.format("online") },
  },
  {
    name: "no_group_nearby (Broken Hill, 10 km, in person)",
    journey: {
      experience: "workshops",
      practice: "unpaid",
      supervision: "no",
      hopes: ["local_colleagues"],
      location: { country: "AU", place: "Broken Hill", format: "in_person", distanceKm: 10 },
    },
    outcome: "newsletter",
    reason: "no_group_nearby",
    reasonText: because("no_group_nearby", { distance: "10 km", place: "Broken Hill, NSW 2880" }),
    check: { [locationCopy.answerLabels.place]: "Broken Hill, NSW 2880" },
  },
  {
    name: "outside_region (somewhere else, in person)",
    journey: {
      experience: "training_program",
      practice: "paid",
      supervision: "no",
      hopes: [],
      location: { country: "other", place: "Berlin", format: "in_person" },
    },
    outcome: "newsletter",
    reason: "outside_region",
    reasonText: because("outside_region"),
    check: { [locationCopy.answerLabels.country]: LABELS.country("other"), [locationCopy.answerLabels.place]: "Berlin" },
  },
];

function openDb() {
  const db = new Database(inject("databasePath"), { readonly: true, fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  return db;
}

interface JoinRow {
  name: string;
  email: string;
  note: string;
  slug: string;
  outcome: string;
  reasons: string;
  rule_version: string;
  hopes: string;
  answers: string;
}

function joinRowsFor(email: string): JoinRow[] {
  const db = openDb();
  try {
    return db
      .prepare(
        `SELECT j.name, j.email, j.note, g.slug, j.outcome, j.reasons, j.rule_version, j.hopes, j.answers
           FROM join_requests j JOIN groups g ON g.id = j.group_id
          WHERE j.email = ?`,
      )
      .all(email) as JoinRow[];
  } finally {
    db.close();
  }
}

let serial = 0;
const uniqueEmail = (js: boolean) => `e2e-${js ? "js" : "nojs"}-${process.pid}-${Date.now()}-${++serial}@example.com`;

/** From the outcome page to the join form of a group. */
async function openJoinForm(w: Wizard, slug: string) {
  await w.markStale();
  await w.page.locator(`main a[href="/eligibility/join/${slug}"]`).click();
  await w.arrived(`/eligibility/join/${slug}`);
}

async function fillJoinForm(w: Wizard, { name, email, note }: { name: string; email: string; note?: string }) {
  await w.page.getByLabel(joinCopy.name.label, { exact: true }).fill(name);
  await w.page.getByLabel(joinCopy.email.label, { exact: true }).fill(email);
  if (note !== undefined) await w.page.getByLabel(joinCopy.note.label, { exact: true }).fill(note);
  await w.tick(joinCopy.consent.label, true);
}

const MODES = [
  { js: true, mode: "JavaScript on" },
  { js: false, mode: "JavaScript off" },
];

// Four chains side by side (for each mode: its outcomes, and its other journeys);
// the tests of a chain run one after another.
describe.concurrent("wizard", { timeout: 60_000 }, () => {
  describe.concurrent.each(MODES)("with $mode, outcomes", ({ js }) => {
    const open = (onTestFinished: (fn: OnTestFinishedHandler) => void): Promise<Session> => openSession(browser(), { js, onTestFinished });

    it.sequential.for(CASES)("reaches $outcome / $name", async (c, { onTestFinished, expect }) => {
      const { wizard: w } = await open(onTestFinished);
      await w.answerAll(c.journey);
      expect(w.path).toBe(PATHS.check);
      const rows = await w.checkAnswers();
      expect(rows).toMatchObject(c.check);
      await w.seeResult();
      await expectOutcomeListsDecision(w, expect);
      const o = await w.outcome();
      expect(o).toEqual({ outcome: c.outcome, reasons: c.reason, reasonText: c.reasonText });
      await expect.poll(() => w.page.title()).toContain(headline(c));
      if (c.outcome === "group") {
        await expect.poll(() => w.page.locator("main a[href^='/eligibility/join/']").count()).toBeGreaterThan(0);
      }
      if (c.outcome === "newsletter") {
        await expect.poll(() => w.page.locator("main form[action='/newsletter']").count()).toBe(1);
      }
      if (c.outcome === "training") {
        await expect.poll(() => w.page.locator("main a[href='/training']").count()).toBeGreaterThan(0);
      }
    });
  });

  describe.concurrent.each(MODES)("with $mode", ({ js }) => {
    const open = (onTestFinished: (fn: OnTestFinishedHandler) => void): Promise<Session> => openSession(browser(), { js, onTestFinished });

    it.sequential("Back returns to the previous question with its answer selected, and it can be answered again", async ({ onTestFinished, expect }) => {
      const { wizard: w } = await open(onTestFinished);
      await w.start();
      await w.answerExperience("workshops", PATHS.practice);
      await w.answerPractice("paid", PATHS.supervision);

      await w.back(PATHS.practice);
      expect(await w.isChosen(LABELS.practice("paid"))).toBe(true);
      await w.back(PATHS.experience);
      expect(await w.isChosen(LABELS.experience("workshops"))).toBe(true);

      // Answer again, differently, and carry on from there.
      await w.answerExperience("training_program", PATHS.practice);
      expect(await w.isChosen(LABELS.practice("paid"))).toBe(true);
      await w.answerPractice("unpaid", PATHS.supervision);
      await w.answerSupervision("no", PATHS.hopes);
      await w.answerHopes([], PATHS.location);
      await w.answerLocation({ country: "AU", place: "6160", format: "in_person", distanceKm: 10 }, PATHS.check);
      expect(await w.checkAnswers()).toMatchObject({
        [wizardCopy.steps.experience.answerLabel]: LABELS.experience("training_program"),
        [wizardCopy.steps.practice.answerLabel]: LABELS.practice("unpaid"),
        [locationCopy.answerLabels.place]: "Fremantle, WA 6160",
      });
      await w.seeResult();
      await expectOutcomeListsDecision(w, expect);
      expect(await w.outcome()).toMatchObject({ outcome: "group", reasons: "match" });
    });

    it.sequential("Back from the check page after choosing a place leads back to the questions", async ({ onTestFinished, expect }) => {
      const { wizard: w } = await open(onTestFinished);
      await w.answerAll(MATCH_CHOSEN);
      // The place page cannot be shown again once chosen (it sends you on to
      // check), so one Back press may be spent on it; a second must get out.
      const visited: string[] = [];
      for (let i = 0; i < 2 && w.path === PATHS.check; i++) {
        await w.backAndSettle();
        visited.push(w.path);
      }
      expect(w.path, `pages after each Back: ${visited.join(" → ")}`).toBe(PATHS.location);
      expect(await w.placeInput().inputValue()).toBe("Brunswick");
      expect(await w.isChosen(LABELS.distanceKm(10), LEGENDS.distanceKm)).toBe(true);
    });

    it.sequential("changing an answer from the check page can flip the outcome (match → training)", async ({ onTestFinished, expect }) => {
      const { wizard: w } = await open(onTestFinished);
      await w.answeredOverHttp(MATCH);
      expect(Object.keys(await w.checkAnswers())).toContain(locationCopy.answerLabels.place);

      const changeName = `${wizardCopy.check.change} ${wizardCopy.steps.experience.answerLabel.toLowerCase()}`;
      await w.followLink(changeName, PATHS.experience);
      expect(new URL(w.page.url()).searchParams.get("change")).toBe("check");
      expect(await w.isChosen(LABELS.experience("training_program"))).toBe(true);
      await w.answerExperience("none", PATHS.check);

      // Only the question that decides is left on the check page.
      expect(await w.checkAnswers()).toEqual({ [wizardCopy.steps.experience.answerLabel]: LABELS.experience("none") });
      await w.seeResult();
      await expectOutcomeListsDecision(w, expect);
      expect(await w.outcome()).toEqual({ outcome: "training", reasons: "no_experience", reasonText: because("no_experience") });
    });

    it.sequential("changing pre-filled hopes from the check page keeps exactly the new choice", async ({ onTestFinished, expect }) => {
      const { wizard: w } = await open(onTestFinished);
      await w.answeredOverHttp(MATCH);
      const changeName = `${wizardCopy.check.change} ${wizardCopy.steps.hopes.answerLabel.toLowerCase()}`;
      await w.followLink(changeName, PATHS.hopes);
      expect(await w.isChosen(LABELS.hopes("connection"))).toBe(true);
      expect(await w.isChosen(LABELS.hopes("learn_share"))).toBe(true);
      // The first thing done on the page: tick one more, then untick one.
      await w.tick(LABELS.hopes("collaborate"), true);
      await w.tick(LABELS.hopes("connection"), false);
      await w.submit(PATHS.check);
      expect(await w.checkAnswers()).toMatchObject({
        [wizardCopy.steps.hopes.answerLabel]: `${LABELS.hopes("learn_share")}; ${LABELS.hopes("collaborate")}`,
        [locationCopy.answerLabels.place]: "Brunswick, VIC 3056",
      });
    });

    it.sequential("reloading any page of a complete run keeps the page and the answers", async ({ onTestFinished, expect }) => {
      const { wizard: w } = await open(onTestFinished);
      const reloadHere = async (path: string) => {
        const heading = await w.page.locator("h1").first().textContent();
        const checked = await w.page.locator("main input:checked").evaluateAll((els) => els.map((e) => `${(e as HTMLInputElement).name}=${(e as HTMLInputElement).value}`));
        const place = path === PATHS.location ? await w.placeInput().inputValue() : null;
        await w.reload();
        expect(w.path, `reload on ${path}`).toBe(path);
        expect(await w.page.locator("h1").first().textContent(), `heading after reload on ${path}`).toBe(heading);
        expect(
          await w.page.locator("main input:checked").evaluateAll((els) => els.map((e) => `${(e as HTMLInputElement).name}=${(e as HTMLInputElement).value}`)),
          `answers shown after reload on ${path}`,
        ).toEqual(checked);
        if (place !== null) expect(await w.placeInput().inputValue()).toBe(place);
      };
      await w.goto(PATHS.start);
      await reloadHere(PATHS.start);
      await w.start();
      await w.answerAll(MATCH, reloadHere);

      // Each answer survived: the check page lists them all.
      expect(await w.checkAnswers()).toEqual({
        [wizardCopy.steps.experience.answerLabel]: LABELS.experience("training_program"),
        [wizardCopy.steps.practice.answerLabel]: LABELS.practice("paid"),
        [wizardCopy.steps.supervision.answerLabel]: LABELS.supervision("no"),
        [wizardCopy.steps.hopes.answerLabel]: `${LABELS.hopes("connection")}; ${LABELS.hopes("learn_share")}`,
        [locationCopy.answerLabels.country]: LABELS.country("AU"),
        [locationCopy.answerLabels.place]: "Brunswick, VIC 3056",
        [locationCopy.answerLabels.format]: LABELS.format("in_person"),
        [locationCopy.answerLabels.distanceKm]: LABELS.distanceKm(10),
      });

      // An answered question still shows its answer after all those reloads.
      await w.goto(PATHS.location);
      expect(await w.placeInput().inputValue()).toBe("3056");
      expect(await w.isChosen(LABELS.country("AU"), LEGENDS.country)).toBe(true);
      expect(await w.isChosen(LABELS.format("in_person"), LEGENDS.format)).toBe(true);
      expect(await w.isChosen(LABELS.distanceKm(10), LEGENDS.distanceKm)).toBe(true);
      await w.reload();
      expect(w.path).toBe(PATHS.location);
      expect(await w.isChosen(LABELS.distanceKm(10), LEGENDS.distanceKm)).toBe(true);

      await w.goto(PATHS.check);
      await w.seeResult();
      await expectOutcomeListsDecision(w, expect);
      const before = await w.outcome();
      await w.reload();
      expect(w.path).toBe(PATHS.outcome);
      expect(await w.outcome()).toEqual(before);
      expect(before).toMatchObject({ outcome: "group", reasons: "match" });
    });

    it.sequential("a question not yet reached redirects to the current step", async ({ onTestFinished, expect }) => {
      const { wizard: w } = await open(onTestFinished);
      // No answers at all: back to the start page.
      for (const path of [PATHS.location, PATHS.check, PATHS.outcome, PATHS.place]) {
        await w.goto(path);
        expect(w.path, `${path} with no answers`).toBe(PATHS.start);
      }
      await w.start();
      await w.answerExperience("workshops", PATHS.practice);
      for (const path of [PATHS.supervision, PATHS.hopes, PATHS.location, PATHS.place, PATHS.check, PATHS.outcome]) {
        await w.goto(path);
        expect(w.path, `${path} while at practice`).toBe(PATHS.practice);
      }
      // An answered question is still reachable.
      await w.goto(PATHS.experience);
      expect(w.path).toBe(PATHS.experience);
      expect(await w.isChosen(LABELS.experience("workshops"))).toBe(true);
      // Asking to join before finishing: the group's join page offers to continue the questions for it (no form yet).
      await w.goto(`/eligibility/join/${MELBOURNE_INNER_NORTH}`);
      expect(w.path).toBe(`/eligibility/join/${MELBOURNE_INNER_NORTH}`);
      expect(await w.page.locator("main [data-join-state]").getAttribute("data-join-state")).toBe("start");
      expect(await w.button(joinCopy.start.continueButton).count()).toBe(1);
      expect(await w.page.getByLabel(joinCopy.name.label, { exact: true }).count()).toBe(0);
    });

    it.sequential("an ambiguous place (Richmond) asks which one, and choosing continues", async ({ onTestFinished, expect }) => {
      const { wizard: w } = await open(onTestFinished);
      await w.answeredOverHttp({ experience: "workshops", practice: "paid", supervision: "no", hopes: [] });
      expect(w.path).toBe(PATHS.location);
      await w.answerLocation({ country: "AU", place: "Richmond", format: "either", distanceKm: 25 }, PATHS.place);

      const title = fill(wizardCopy.steps.place.title, { place: "Richmond" });
      await expect.poll(() => w.page.locator("h1").first().textContent()).toBe(title);
      const options = await w.page.locator("main label").allTextContents();
      expect(options.length).toBeGreaterThan(1);
      expect(options.every((o) => o.startsWith("Richmond, "))).toBe(true);
      expect(options).toContain("Richmond, VIC 3121");

      // The page's Back link returns to the location question with what was typed, to type another place.
      await w.followLink(wizardCopy.common.back, PATHS.location);
      expect(await w.placeInput().inputValue()).toBe("Richmond");
      await w.answerLocation({ country: "AU", place: "Richmond", format: "either", distanceKm: 25 }, PATHS.place);

      // Nothing chosen: an error, still on the place page.
      await w.submitExpectingErrors();
      await expect.poll(() => w.page.locator(".error-summary").textContent()).toContain(wizardCopy.steps.place.errors.required);

      await w.choosePlace("Richmond, VIC 3121", PATHS.check);
      expect(await w.checkAnswers()).toMatchObject({ [locationCopy.answerLabels.place]: "Richmond, VIC 3121" });
      await w.seeResult();
      await expectOutcomeListsDecision(w, expect);
      expect(await w.outcome()).toMatchObject({ outcome: "group", reasons: "match" });
    });

    it.sequential("an unknown place shows the error summary and the field error, and keeps what was typed", async ({ onTestFinished, expect }) => {
      const { wizard: w, page } = await open(onTestFinished);
      await w.answeredOverHttp({ experience: "workshops", practice: "paid", supervision: "no", hopes: [] });
      expect(w.path).toBe(PATHS.location);
      const unknown = locationCopy.place.errors.unknown;

      for (const typed of ["0001", "Atlantis"]) {
        await w.fillLocation({ country: "AU", place: typed, format: "in_person", distanceKm: 25 });
        const posted = js ? page.waitForResponse((r) => r.request().method() === "POST") : undefined;
        await w.submitExpectingErrors();
        await posted;

        const summary = page.locator(".error-summary");
        await expect.poll(() => summary.locator("a").allTextContents(), { message: `summary for ${typed}` }).toEqual([unknown]);
        expect(await summary.locator("a").getAttribute("href")).toBe("#field-place-input");
        await expect.poll(() => page.locator("#field-place-error").textContent()).toContain(unknown);
        expect(await w.placeInput().getAttribute("aria-invalid")).toBe("true");
        expect(await w.placeInput().getAttribute("aria-describedby")).toContain("field-place-error");
        expect(await w.placeInput().inputValue()).toBe(typed);
        // The other answers are kept too.
        expect(await w.isChosen(LABELS.country("AU"), LEGENDS.country)).toBe(true);
        expect(await w.isChosen(LABELS.format("in_person"), LEGENDS.format)).toBe(true);
        expect(await w.isChosen(LABELS.distanceKm(25), LEGENDS.distanceKm)).toBe(true);
        // GOV.UK: the title starts with "Error: " (added by the server without JavaScript, in the browser with it).
        await expect.poll(() => page.title()).toMatch(new RegExp(`^${wizardCopy.common.errorTitlePrefix}`));
        if (js) {
          await expect.poll(() => w.focused()).toMatch(/^div\.error-summary/);
        } else {
          expect(await summary.getAttribute("autofocus")).not.toBeNull();
          expect(await summary.getAttribute("tabindex")).toBe("-1");
          expect(await summary.isVisible()).toBe(true);
        }
      }

      // A place we know continues.
      await w.fillPlace("6160");
      await w.submit(PATHS.check);
      expect(await w.checkAnswers()).toMatchObject({ [locationCopy.answerLabels.place]: "Fremantle, WA 6160" });
    });

    it.sequential("a join request is stored once with the answers, and its confirmation survives reload", async ({ onTestFinished, expect }) => {
      const { wizard: w, page } = await open(onTestFinished);
      await w.answeredOverHttp(MATCH);
      await w.seeResult();
      await expectOutcomeListsDecision(w, expect);
      await openJoinForm(w, MELBOURNE_INNER_NORTH);
      await expect.poll(() => page.locator("h1").textContent()).toBe(fill(joinCopy.title, { group: "Melbourne Inner North" }));

      // Hopes are carried over from the answers.
      expect(await w.isChosen(LABELS.hopes("connection"))).toBe(true);
      expect(await w.isChosen(LABELS.hopes("learn_share"))).toBe(true);
      expect(await w.isChosen(LABELS.hopes("collaborate"))).toBe(false);

      // Without consent: an error, and nothing stored.
      const email = uniqueEmail(js);
      await page.getByLabel(joinCopy.name.label, { exact: true }).fill("Robin Example");
      await page.getByLabel(joinCopy.email.label, { exact: true }).fill(email);
      await w.submitExpectingErrors(joinCopy.button);
      await expect.poll(() => page.locator(".error-summary a").allTextContents()).toEqual([joinCopy.consent.errors.required]);
      expect(await page.getByLabel(joinCopy.name.label, { exact: true }).inputValue()).toBe("Robin Example");
      expect(joinRowsFor(email)).toHaveLength(0);

      await w.tick(LABELS.hopes("collaborate"));
      await fillJoinForm(w, { name: "Robin Example", email, note: "I facilitate community groups." });
      const sentPath = `/eligibility/join/${MELBOURNE_INNER_NORTH}/sent`;
      await w.submit(sentPath, joinCopy.button);
      await expect.poll(() => page.locator("h1").textContent()).toBe(wizardCopy.joinSent.title);
      const reference = await page.locator("main").getAttribute("data-join-reference");
      expect(reference).toBeTruthy();

      const rows = joinRowsFor(email);
      expect(rows).toHaveLength(1);
      const row = rows[0]!;
      expect(row).toMatchObject({
        name: "Robin Example",
        email,
        note: "I facilitate community groups.",
        slug: MELBOURNE_INNER_NORTH,
        outcome: "group",
        rule_version: RULE_VERSION,
      });
      expect(JSON.parse(row.reasons)).toEqual(["match"]);
      expect(JSON.parse(row.hopes)).toEqual(["connection", "learn_share", "collaborate"]);
      expect(JSON.parse(row.answers)).toMatchObject({ experience: "training_program", practice: "paid", supervision: "no", country: "AU", place: "3056", format: "in_person", distanceKm: 10 });

      await w.reload();
      expect(w.path).toBe(sentPath);
      expect(await page.locator("h1").textContent()).toBe(wizardCopy.joinSent.title);
      expect(await page.locator("main").getAttribute("data-join-reference")).toBe(reference);
      expect(joinRowsFor(email)).toHaveLength(1);
    });

    it.sequential("sending the join form twice creates exactly one request", async ({ onTestFinished, expect }) => {
      const { wizard: w, page } = await open(onTestFinished);
      await w.answeredOverHttp(MATCH);
      await w.seeResult();
      await expectOutcomeListsDecision(w, expect);
      await openJoinForm(w, MELBOURNE_INNER_NORTH);
      const joinPath = `/eligibility/join/${MELBOURNE_INNER_NORTH}`;
      const sentPath = `${joinPath}/sent`;
      const email = uniqueEmail(js);
      const posts = recordRequests(page);
      const joinPosts = () => posts.filter((r) => r.method() === "POST" && new URL(r.url()).pathname.startsWith(joinPath)).length;

      await fillJoinForm(w, { name: "Sam Twice", email });
      if (js) {
        // Two submit events in a row, as a double click on a slow connection would give.
        await w.markStale();
        await page.locator("main form").evaluate((f) => {
          (f as HTMLFormElement).requestSubmit();
          (f as HTMLFormElement).requestSubmit();
        });
        await w.arrived(sentPath);
      } else {
        await w.submit(sentPath, joinCopy.button);
      }
      const reference = await page.locator("main").getAttribute("data-join-reference");

      // Back to the form and send it again.
      await w.back(joinPath);
      await fillJoinForm(w, { name: "Sam Twice", email });
      await w.submit(sentPath, joinCopy.button);
      expect(joinPosts()).toBeGreaterThanOrEqual(2);
      expect(await page.locator("main").getAttribute("data-join-reference")).toBe(reference);

      const rows = joinRowsFor(email);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ name: "Sam Twice", slug: MELBOURNE_INNER_NORTH });
    });

    if (js) {
      it.sequential("client validation shows errors at once, without a request to the server", async ({ onTestFinished, expect }) => {
        // A page never used before: the test watches the form's scripts being requested.
        const { wizard: w, page } = await openSession(browser(), { js, onTestFinished, fresh: true });
        const requests = recordRequests(page);
        await w.goto(PATHS.experience);
        await w.clientValidationReady(requests);

        const sentBefore = requests.length;
        await w.button(wizardCopy.common.continue).click();
        const summary = page.locator(".error-summary");
        await summary.waitFor();
        expect(await summary.locator("a").allTextContents()).toEqual([wizardCopy.steps.experience.errors.required]);
        await expect.poll(() => page.locator("#field-experience-error").textContent()).toContain(wizardCopy.steps.experience.errors.required);
        await expect.poll(() => w.focused()).toMatch(/^div\.error-summary/);
        expect(w.path).toBe(PATHS.experience);
        const sent = requests.slice(sentBefore);
        expect(sent.filter((r) => r.method() !== "GET").map((r) => `${r.method()} ${r.url()}`)).toEqual([]);
        expect(sent.filter((r) => r.resourceType() === "document" || r.resourceType() === "fetch").map((r) => r.url())).toEqual([]);

        // Answering clears the error as it is given, still without the server.
        await w.choose(LABELS.experience("workshops"));
        await expect.poll(() => page.locator(".error-summary").count()).toBe(0);
        expect(requests.slice(sentBefore).filter((r) => r.method() === "POST")).toHaveLength(0);

        await w.submit(PATHS.practice);
        expect(requests.filter((r) => r.method() === "POST")).toHaveLength(1);
      });
    }
  });
});
