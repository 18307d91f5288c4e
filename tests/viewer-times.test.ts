/**
 * "Your time" for online groups, in real Chromium: every online group on
 * Find a group and its own page shows its meetings in the group's zone and
 * in the visitor's. With JavaScript, from the browser's own zone (here
 * Europe/London and Australia/Perth); without it, from the place the person
 * gave (on the page or in the questionnaire) or a zone chosen on the page,
 * remembered for the visit. axe on each of these pages with JavaScript on and off.
 */
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, inject, it, type OnTestFinishedHandler } from "vitest";
import groupsCopy from "../content/groups.json";
import { zoneName } from "../app/utils/time-zones";
import { yourTimeText } from "../app/utils/your-time";
import { leasePage, tabTo, useBrowser } from "./support/browser";
import { finishWizard, Visitor } from "./support/wizard-client";
import { axeViolations } from "./support/a11y";

const browser = useBrowser();
const copy = groupsCopy.yourTime;
type OnTestFinished = (fn: OnTestFinishedHandler) => void;

/** A clean page whose clock is in `zone`, 390 px wide; with `js: false`, JavaScript is off. */
async function open(onTestFinished: OnTestFinished, { zone, js }: { zone: string; js: boolean }): Promise<{ context: BrowserContext; page: Page }> {
  const { context, page, release } = await leasePage(browser(), { js, timezoneId: zone, viewport: { width: 390, height: 844 } });
  onTestFinished(release);
  return { context, page };
}

/** Each "your time" on the page: what it says, and what it should say in `zone`. */
async function yourTimes(page: Page, zone: string) {
  const rows = await page.locator("[data-your-time]").evaluateAll((els) =>
    els.map((e) => ({ text: (e.textContent ?? "").trim(), start: e.getAttribute("data-start")!, end: e.getAttribute("data-end") })),
  );
  return rows.map((r) => ({ shown: r.text, expected: yourTimeText(r.start, r.end, zone, zoneName(zone)) }));
}

async function expectYourTimesIn(page: Page, zone: string, count: number) {
  const rows = await yourTimes(page, zone);
  expect(rows).toHaveLength(count);
  for (const r of rows) expect(r.shown).toBe(r.expected);
  // The same clock as the platform's own, read independently.
  const first = await page.locator("[data-your-time]").first().getAttribute("data-start");
  const hour = new Intl.DateTimeFormat("en-AU", { timeZone: zone, hour: "numeric", hour12: true }).format(new Date(first!)).replace(/\s/g, " ");
  expect(rows[0]!.shown.replace(/:\d\d/, "").replace(/–[^ ]+/, "")).toContain(hour.replace(/^(\d+) (am|pm)$/i, (_, h: string, s: string) => `${h} ${s.toLowerCase()}`));
}

const ONLINE_CARD_COUNT = 2; // the demo data's online groups
const MEETINGS = 3; // a group page's next meetings

describe("with JavaScript: the browser's own zone", () => {
  for (const zone of ["Europe/London", "Australia/Perth"]) {
    it(`${zone}: Find a group and an online group's page show each meeting in ${zoneName(zone)}`, async ({ onTestFinished }) => {
      const { page } = await open(onTestFinished, { zone, js: true });
      await page.goto("/groups");
      await expect.poll(() => page.locator("[data-your-time]").first().textContent()).toContain(`(${zoneName(zone)})`);
      await expectYourTimesIn(page, zone, ONLINE_CARD_COUNT);
      // The group's own time stays beside it.
      const anz = page.locator('[data-group="anz-evenings"]');
      expect(await anz.textContent()).toMatch(/Next meeting.*\(New Zealand time\)/);
      expect(await anz.getByText(copy.label, { exact: true }).count()).toBe(1);
      expect(await page.locator("[data-your-zone]").textContent()).toBe(copy.status.replace("{zone}", zoneName(zone)));
      expect(await page.locator("#field-tz-input").inputValue()).toBe(zone);

      await page.goto("/groups/anz-evenings");
      await expect.poll(() => page.locator("[data-your-time]").first().textContent()).toContain(`(${zoneName(zone)})`);
      await expectYourTimesIn(page, zone, MEETINGS);
      expect(await page.locator("[data-meetings] li").first().textContent()).toContain(`${copy.label}: `);
    });
  }

  it("a zone chosen on the page stands over the browser's, and the page then carries no script", async ({ onTestFinished }) => {
    const { page } = await open(onTestFinished, { zone: "Europe/London", js: true });
    await page.goto("/groups/anz-evenings");
    await page.locator("#field-tz-input").selectOption("Asia/Singapore");
    await page.getByRole("button", { name: copy.button, exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get("tz") === "Asia/Singapore");
    await expectYourTimesIn(page, "Asia/Singapore", MEETINGS);
    expect(await page.locator("script").count()).toBe(0);
    await page.goto("/groups");
    await expectYourTimesIn(page, "Asia/Singapore", ONLINE_CARD_COUNT);
  });
});

describe("without JavaScript: a place given, or a zone chosen on the page", () => {
  it("with nothing to go on, “your time” links to the zone choice; choosing London with the keyboard shows London times, remembered for the visit", async ({ onTestFinished }) => {
    const { context, page } = await open(onTestFinished, { zone: "Europe/London", js: false });
    await page.goto("/groups");
    const first = page.locator("[data-your-time]").first();
    expect(await first.textContent()).toBe(copy.choose);
    expect(await first.getByRole("link", { name: copy.choose }).getAttribute("href")).toBe("#field-tz-input");
    expect(await page.locator(".zone-form__status").textContent()).toBe(copy.statusNone);

    // Keyboard only: Tab to the choice, type to pick London, Tab to Show, Enter.
    await tabTo(page, "#field-tz-input", { max: 80 });
    await page.keyboard.type("London");
    expect(await page.locator("#field-tz-input").inputValue()).toBe("Europe/London");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(copy.button);
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.searchParams.get("tz") === "Europe/London");
    await expectYourTimesIn(page, "Europe/London", ONLINE_CARD_COUNT);
    expect(await page.locator(".zone-form__status").textContent()).toBe(copy.status.replace("{zone}", "London time"));

    // A preference for the visit: a session cookie, SameSite=Lax, not readable by scripts.
    const [cookie] = (await context.cookies()).filter((c) => c.name === "pwcop_tz");
    expect(cookie).toMatchObject({ expires: -1, sameSite: "Lax", httpOnly: true, path: "/" });

    // Remembered on the next pages, and over a place typed on Find a group.
    await page.goto("/groups/anz-evenings");
    await expectYourTimesIn(page, "Europe/London", MEETINGS);
    await page.goto("/groups?near=6160");
    await expectYourTimesIn(page, "Europe/London", ONLINE_CARD_COUNT);
    // Search forms keep the page's query: the zone form carries it, and the search needs no zone.
    expect(await page.locator('.zone-form input[type=hidden][name="near"]').getAttribute("value")).toBe("6160");
  });

  it("a place typed on Find a group gives its zone (Fremantle: Perth time)", async ({ onTestFinished }) => {
    const { page } = await open(onTestFinished, { zone: "Europe/London", js: false });
    await page.goto("/groups?near=6160");
    await expectYourTimesIn(page, "Australia/Perth", ONLINE_CARD_COUNT);
    expect(await page.locator("#field-tz-input").inputValue()).toBe("Australia/Perth");
  });

  it("the place given in the questionnaire gives its zone on group pages (Hobart)", async ({ onTestFinished }) => {
    const { context, page } = await open(onTestFinished, { zone: "Europe/London", js: false });
    const visitor = new Visitor(inject("baseURL"));
    await finishWizard(visitor);
    const [name, value] = visitor.cookie.split("=") as [string, string];
    await context.addCookies([{ name, value, url: inject("baseURL") }]);
    await page.goto("/groups/west-and-asia-daytime");
    await expectYourTimesIn(page, "Australia/Hobart", MEETINGS);
    await page.goto("/groups");
    await expectYourTimesIn(page, "Australia/Hobart", ONLINE_CARD_COUNT);
  });

  it("a zone that is no zone is ignored", async ({ onTestFinished }) => {
    const { context, page } = await open(onTestFinished, { zone: "Europe/London", js: false });
    const res = await page.goto("/groups/anz-evenings?tz=Mars%2FOlympus_Mons");
    expect(res?.status()).toBe(200);
    expect(await page.locator("[data-your-time]").first().textContent()).toBe(copy.choose);
    expect((await context.cookies()).some((c) => c.name === "pwcop_tz")).toBe(false);
  });
});

describe("accessibility (axe-core, WCAG 2.2 AA), JavaScript on and off", () => {
  const paths = ["/groups", "/groups?near=6160", "/groups?near=3065", "/groups?tz=Europe%2FLondon", "/groups/anz-evenings", "/groups/anz-evenings?tz=UTC", "/groups/west-and-asia-daytime", "/groups/perth-fremantle", "/credits"];
  for (const js of [true, false]) {
    for (const width of [390, 1024]) {
      it(`no violations at ${width} px, JavaScript ${js ? "on" : "off"}`, async ({ onTestFinished }) => {
        // axe runs in the page, so "off" is JavaScript on with every script of the site's removed: the page exactly as served.
        const { context, page } = await open(onTestFinished, { zone: "Europe/London", js: true });
        await page.setViewportSize({ width, height: 900 });
        if (!js) {
          await context.route(/\/assets\/[^?]*\.js(\?.*)?$/, (route) => route.abort());
          await context.route(
            (url) => url.pathname.startsWith("/groups") || url.pathname === "/credits",
            async (route) => {
              if (route.request().resourceType() !== "document") return route.fallback();
              const response = await route.fetch();
              await route.fulfill({ response, body: (await response.text()).replace(/<script\b[\s\S]*?<\/script>/gi, "") });
            },
          );
        }
        const found: string[] = [];
        for (const path of paths) {
          await page.goto(path);
          // The inline script has run by the time the page has loaded: no "your time" is left unknown.
          if (js) for (const t of await page.locator("[data-your-time]").allTextContents()) expect(t, path).toMatch(/\((London time|UTC)\)$/);
          if (!js) expect(await page.locator("script").count(), path).toBe(0);
          found.push(...(await axeViolations(page)).map((v) => `${path}: ${v}`));
        }
        expect(found).toEqual([]);
      });
    }
  }
});
