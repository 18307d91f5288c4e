/**
 * Accessibility in real Chromium: axe-core (WCAG 2.0–2.2 A and AA) on every
 * page of the service, each form in its error state, and the whole journey
 * done with the keyboard alone, with JavaScript on and off.
 */
import Database from "better-sqlite3";
import type { Page } from "playwright-core";
import { describe, inject, it, type ExpectStatic, type OnTestFinishedHandler } from "vitest";
import wizardCopy from "../content/eligibility.json";
import { chooseRadioByKeyboard, LABELS, openSession, PATHS, tabTo, useBrowser, type Journey, type Session, type Wizard } from "./support/browser";
import { axeViolations } from "./support/a11y";

const browser = useBrowser();


/** Runs axe on the page as it is now; records (softly) any violation under `label`. */
async function checkAxe(page: Page, label: string, expect: ExpectStatic): Promise<void> {
  const found = await axeViolations(page);
  expect.soft(found, `axe found violations on ${label} (${new URL(page.url()).pathname})`).toEqual([]);
}

type Open = (onTestFinished: (fn: OnTestFinishedHandler) => void, opts?: { js?: boolean; blockScripts?: boolean }) => Promise<Session>;

/** JavaScript on unless asked; axe needs it, so "without JavaScript" pages are checked with the app's scripts blocked. */
const open: Open = (onTestFinished, { js = true, blockScripts = false } = {}) => openSession(browser(), { js, onTestFinished, blockScripts });

const MATCH: Journey = {
  experience: "workshops",
  practice: "paid",
  supervision: "no",
  hopes: ["learn_share"],
  // A name two states share, so the place choice page is shown (a postcode is one place).
  location: { country: "AU", place: "Brunswick", format: "in_person", distanceKm: 10 },
  choosePlace: "Brunswick, VIC 3056",
};

const joinCopy = wizardCopy.join;
const JOIN_MELBOURNE = "/eligibility/join/melbourne-inner-north";

/** Submits the form with nothing (more) filled in and waits for its error summary. */
async function showErrors(w: Wizard, button?: string): Promise<void> {
  await w.submitExpectingErrors(button);
}

describe.concurrent("accessibility", { timeout: 90_000 }, () => {
  describe("axe-core", () => {
    it("finds violations on a page made to break its rules: an unlabelled field, low-contrast text, an image without alternative text", async ({ onTestFinished, expect }) => {
      const { page } = await open(onTestFinished);
      await page.setContent(
        `<!doctype html><html lang="en"><head><title>Broken</title></head><body><main>
          <h1>Broken on purpose</h1>
          <form><input type="text" name="nameless"></form>
          <p style="color:#bbb;background:#fff">Pale grey on white</p>
          <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
        </main></body></html>`,
      );
      const found = await axeViolations(page);
      const ids = found.map((v) => v.split(" ")[0]);
      expect(ids).toEqual(expect.arrayContaining(["label", "color-contrast", "image-alt"]));
      // The report names the rule, its impact and help, and each offending element with its HTML.
      const label = found.find((v) => v.startsWith("label "))!;
      expect(label).toMatch(/^label \((critical|serious)\): /);
      expect(label).toContain('<input type="text" name="nameless">');
      expect(label).toContain("https://dequeuniversity.com/rules/axe/");
      // A second check of the same page (its verdict kept for the run) finds the same.
      expect(await axeViolations(page)).toEqual(found);
      // Fixed, the same page is clean.
      await page.setContent(
        `<!doctype html><html lang="en"><head><title>Fixed</title></head><body><main>
          <h1>Fixed</h1>
          <form><label for="n">Name</label><input id="n" type="text" name="n"></form>
          <p style="color:#333;background:#fff">Dark grey on white</p>
        </main></body></html>`,
      );
      expect(await axeViolations(page)).toEqual([]);
    });

    it("information pages, the newsletter page and its error state, and a 404", async ({ onTestFinished, expect }) => {
      const { wizard: w, page } = await open(onTestFinished);
      for (const path of ["/", PATHS.start, "/who-is-it-for", "/training", "/privacy", "/credits", "/newsletter"]) {
        const response = await page.goto(path);
        expect(response?.status(), path).toBe(200);
        await w.ready();
        await checkAxe(page, path, expect);
      }
      // /newsletter in its error state.
      await page.getByLabel(wizardCopy.newsletter.email.label, { exact: true }).fill("not an email");
      await showErrors(w, wizardCopy.newsletter.button);
      await checkAxe(page, "/newsletter with errors", expect);

      const missing = await page.goto("/no-such-page");
      expect(missing?.status()).toBe(404);
      await w.ready();
      await checkAxe(page, "a 404 page", expect);
    });

    it("every question page, each in its error state, the place choice, check, a group outcome, join, join errors and join sent", async ({ onTestFinished, expect }) => {
      const { wizard: w, page } = await open(onTestFinished);
      await w.start();

      await checkAxe(page, "experience", expect);
      await showErrors(w);
      await checkAxe(page, "experience with an error", expect);
      await w.answerExperience(MATCH.experience, PATHS.practice);

      await checkAxe(page, "practice", expect);
      await showErrors(w);
      await checkAxe(page, "practice with an error", expect);
      await w.answerPractice(MATCH.practice!, PATHS.supervision);

      await checkAxe(page, "supervision", expect);
      await showErrors(w);
      await checkAxe(page, "supervision with an error", expect);
      await w.answerSupervision(MATCH.supervision!, PATHS.hopes);

      // Hopes are optional; their only error state (a tampered value) is checked server-rendered below.
      await checkAxe(page, "hopes", expect);
      await w.answerHopes(MATCH.hopes!, PATHS.location);

      await checkAxe(page, "location", expect);
      await showErrors(w);
      expect(await page.locator(".error-summary li").count()).toBeGreaterThanOrEqual(2);
      await checkAxe(page, "location with errors (nothing answered)", expect);
      await w.fillLocation({ country: "AU", place: "0001", format: "in_person", distanceKm: 10 });
      await showErrors(w);
      await checkAxe(page, "location with an unknown place", expect);
      await w.answerLocation(MATCH.location!, PATHS.place);

      await checkAxe(page, "place choice", expect);
      await showErrors(w);
      await checkAxe(page, "place choice with an error", expect);
      await w.choosePlace(MATCH.choosePlace!, PATHS.check);

      await checkAxe(page, "check your answers", expect);
      await w.seeResult();
      expect(await w.outcome()).toMatchObject({ outcome: "group" });
      await checkAxe(page, "group outcome", expect);

      await w.markStale();
      await page.locator(`main a[href="${JOIN_MELBOURNE}"]`).click();
      await w.arrived(JOIN_MELBOURNE);
      await checkAxe(page, "join", expect);
      await showErrors(w, joinCopy.button);
      await checkAxe(page, "join with errors", expect);

      await page.getByLabel(joinCopy.name.label, { exact: true }).fill("Ari Access");
      await page.getByLabel(joinCopy.email.label, { exact: true }).fill(`a11y-${process.pid}-${Date.now()}@example.com`);
      await w.tick(joinCopy.consent.label, true);
      await w.submit(`${JOIN_MELBOURNE}/sent`, joinCopy.button);
      await checkAxe(page, "join sent", expect);
    }, 240_000); // dozens of axe scans: a busy machine needs more than the default 90 s

    it("the training outcome, newsletter outcomes and the newsletter form's error state", async ({ onTestFinished, expect }) => {
      {
        const { wizard: w, page } = await open(onTestFinished);
        await w.answerAll({ experience: "none" });
        await w.seeResult();
        expect(await w.outcome()).toMatchObject({ outcome: "training" });
        await checkAxe(page, "training outcome", expect);
      }
      {
        const { wizard: w, page } = await open(onTestFinished);
        await w.answerAll({ experience: "workshops", practice: "not_yet" });
        await w.seeResult();
        expect(await w.outcome()).toMatchObject({ outcome: "newsletter", reasons: "not_practising" });
        await checkAxe(page, "newsletter outcome (not practising)", expect);
        // The sign-up form with nothing filled in: the errors show on this page
        // (client validation) or on /newsletter (server), whichever answers.
        await page.locator("main form[action='/newsletter']").getByRole("button", { name: wizardCopy.newsletter.button }).click();
        await page.locator(".error-summary").waitFor();
        await checkAxe(page, "newsletter sign-up with errors", expect);
      }
      {
        const { wizard: w, page } = await open(onTestFinished);
        await w.answerAll({
          experience: "workshops",
          practice: "paid",
          supervision: "no",
          hopes: [],
          location: { country: "AU", place: "Broken Hill", format: "in_person", distanceKm: 10 },
        });
        await w.seeResult();
        expect(await w.outcome()).toMatchObject({ outcome: "newsletter", reasons: "no_group_nearby" });
        await checkAxe(page, "newsletter outcome (no group nearby, online groups offered)", expect);
      }
    });

    it("server-rendered error states (as without JavaScript)", async ({ onTestFinished, expect }) => {
      const { wizard: w, page } = await open(onTestFinished, { blockScripts: true });
      await w.goto(PATHS.experience);
      await showErrors(w);
      expect(await page.locator(".error-summary").getAttribute("autofocus")).not.toBeNull();
      await checkAxe(page, "experience with an error, server-rendered", expect);
      await w.answerExperience("training_program", PATHS.practice);
      await w.answerPractice("paid", PATHS.supervision);
      await w.answerSupervision("no", PATHS.hopes);
      // Hopes are optional: the only error is a value that is not offered (a tampered form).
      const label = LABELS.hopes("collaborate");
      await w.input(label).evaluate((el) => ((el as HTMLInputElement).value = "not_an_option"));
      await w.tick(label, true);
      await showErrors(w);
      expect(await page.locator(".error-summary a").allTextContents()).toEqual([wizardCopy.steps.hopes.errors.invalid]);
      await checkAxe(page, "hopes with an error, server-rendered", expect);
      await w.answerHopes([], PATHS.location);
      await showErrors(w);
      await checkAxe(page, "location with errors, server-rendered", expect);
      await w.fillLocation({ country: "AU", place: "6160", format: "in_person", distanceKm: 10 });
      await w.submit(PATHS.check);
      await w.seeResult();
      await w.markStale();
      await page.locator('main a[href="/eligibility/join/perth-fremantle"]').click();
      await w.arrived("/eligibility/join/perth-fremantle");
      await showErrors(w, joinCopy.button);
      await checkAxe(page, "join with errors, server-rendered", expect);

      await page.goto("/newsletter");
      await showErrors(w, wizardCopy.newsletter.button);
      await checkAxe(page, "/newsletter with errors, server-rendered", expect);
    });
  });

  describe.each([
    { js: true, mode: "JavaScript on" },
    { js: false, mode: "JavaScript off" },
  ])("keyboard only, $mode", ({ js }) => {
    it("answers every question, chooses the place, sees a group and asks to join it", async ({ onTestFinished, expect }) => {
      const { wizard: w, page } = await open(onTestFinished, { js });
      const kb = page.keyboard;
      const next = async (path: string) => {
        await w.markStale();
        await kb.press("Enter");
        await w.arrived(path);
      };
      const continueTo = async (path: string) => {
        await tabTo(page, "main form button[type=submit]");
        await next(path);
      };

      await w.goto(PATHS.start);
      await tabTo(page, "main a.button--start");
      await next(PATHS.experience);

      await chooseRadioByKeyboard(page, "experience", "workshops");
      await continueTo(PATHS.practice);
      await chooseRadioByKeyboard(page, "practice", "unpaid");
      await continueTo(PATHS.supervision);
      await chooseRadioByKeyboard(page, "supervision", "no");
      await continueTo(PATHS.hopes);

      await tabTo(page, "input[name=hopes][value=learn_share]");
      await kb.press("Space");
      await tabTo(page, "input[name=hopes][value=collaborate]");
      await kb.press("Space");
      // Changed my mind: back to the first one with Shift+Tab.
      await tabTo(page, "input[name=hopes][value=learn_share]", { backwards: true });
      await kb.press("Space");
      await continueTo(PATHS.location);

      await chooseRadioByKeyboard(page, "country", "AU");
      await tabTo(page, "#field-place-input");
      await kb.type("Brunswick");
      await chooseRadioByKeyboard(page, "format", "either");
      await chooseRadioByKeyboard(page, "distanceKm", "25");
      await continueTo(PATHS.place);

      await tabTo(page, "input[name=areaId]");
      await kb.press("Space");
      expect(await page.locator("input[name=areaId]:checked + label").textContent()).toBe("Brunswick, VIC 3056");
      await continueTo(PATHS.check);

      expect(await w.checkAnswers()).toMatchObject({
        [wizardCopy.steps.hopes.answerLabel]: LABELS.hopes("collaborate"),
        [wizardCopy.steps.location.answerLabels.place]: "Brunswick, VIC 3056",
        [wizardCopy.steps.location.answerLabels.format]: LABELS.format("either"),
      });
      await tabTo(page, "main form button[type=submit]");
      expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(wizardCopy.check.button);
      await next(PATHS.outcome);
      expect(await w.outcome()).toMatchObject({ outcome: "group", reasons: "match" });

      await tabTo(page, `main a[href="${JOIN_MELBOURNE}"]`);
      await next(JOIN_MELBOURNE);

      const email = `keyboard-${js ? "js" : "nojs"}-${process.pid}-${Date.now()}@example.com`;
      await tabTo(page, "#field-name-input");
      await kb.type("Kim Keyboard");
      await tabTo(page, "#field-email-input");
      await kb.type(email);
      await tabTo(page, "#field-consent-input");
      await kb.press("Space");
      // Back up to the note with Shift+Tab and add one.
      await tabTo(page, "#field-note-input", { backwards: true });
      await kb.type("I use Process Work in community mediation.");
      await tabTo(page, "main form button[type=submit]");
      expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(joinCopy.button);
      await next(`${JOIN_MELBOURNE}/sent`);
      expect(await page.locator("h1").textContent()).toBe(wizardCopy.joinSent.title);

      const db = new Database(inject("databasePath"), { readonly: true, fileMustExist: true });
      try {
        const row = db.prepare("SELECT name, note, hopes FROM join_requests WHERE email = ?").get(email);
        expect(row).toEqual({ name: "Kim Keyboard", note: "I use Process Work in community mediation.", hopes: JSON.stringify(["collaborate"]) });
      } finally {
        db.close();
      }
    });
  });
});
