/**
 * The public site in real Chromium, with JavaScript on and off: content
 * pages, Find a group (search, choice of place, map pins), group pages and
 * their calendar files, accessibility (axe, WCAG 2.2 AA), small screens and print.
 */
import AxeBuilder from "@axe-core/playwright";
import Database from "better-sqlite3";
import ICAL from "ical.js";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it, type OnTestFinishedHandler } from "vitest";
import groupsCopy from "../content/groups.json";
import siteCopy from "../content/site.json";
import { DEMO_GROUPS } from "../db/demo-groups";
import { insertGroup } from "../db/queries/groups";
import { openSession, tabTo, useBrowser } from "./support/browser";

const browser = useBrowser();
type OnTestFinished = (fn: OnTestFinishedHandler) => void;
const dir = groupsCopy.directory;

const CLOSED_SLUG = "e2e-closed-group";
beforeAll(() => {
  // A closed group of our own, so other tests' groups are left as they are.
  const db = new Database(inject("databasePath"));
  try {
    if (!db.prepare("SELECT 1 FROM groups WHERE slug = ?").get(CLOSED_SLUG)) {
      insertGroup(db, {
        slug: CLOSED_SLUG,
        name: "Closed test group",
        suburb: "Carlton",
        region: "VIC",
        country: "AU",
        lat: -37.8,
        lon: 144.97,
        format: "in_person",
        status: "closed",
        capacity: 10,
        rhythm: { frequency: "monthly", weekday: 1, week: 1, start: "19:00", end: "21:00" },
        timeZone: "Australia/Melbourne",
        convenorFirstName: "Nobody",
        convenorEmail: "nobody@example.org",
      });
    }
  } finally {
    db.close();
  }
});

const PAGES = [
  { path: "/", h1: "Process Work Communities of Practice" },
  { path: "/who-is-it-for", h1: "Who PWCOP is for" },
  { path: "/how-anzpop-supports-groups", h1: "How ANZPOP supports groups" },
  { path: "/training", h1: "Start learning Process Work" },
  { path: "/privacy", h1: "Privacy" },
  { path: "/credits", h1: "Credits" },
  { path: "/groups", h1: dir.title },
  ...DEMO_GROUPS.map((g) => ({ path: `/groups/${g.slug}`, h1: g.name })),
];

async function firstInPerson(page: Page): Promise<string | null> {
  return page.locator('[data-section="in-person"] .group-card').first().getAttribute("data-group");
}

for (const js of [true, false]) {
  describe(`JavaScript ${js ? "on" : "off"}`, () => {
    const open = (onTestFinished: OnTestFinished) => openSession(browser(), { js, onTestFinished });

    it("renders every page with a title, a description and one h1; unknown and closed pages are 404 in the site's style", { timeout: 120_000 }, async ({ onTestFinished }) => {
      const { page } = await open(onTestFinished);
      for (const p of PAGES) {
        const res = await page.goto(p.path);
        expect(res?.status(), p.path).toBe(200);
        await expect.poll(() => page.locator("h1").textContent(), { message: p.path }).toBe(p.h1);
        expect(await page.locator("h1").count()).toBe(1);
        expect(await page.title()).toContain(p.h1 === siteCopy.serviceName ? p.h1 : `${p.h1} – `);
        expect(await page.locator('meta[name="description"]').getAttribute("content"), p.path).toBeTruthy();
        expect(await page.locator("a.skip-link").getAttribute("href")).toBe("#main-content");
      }
      const missing = await page.goto("/groups/no-such-group");
      expect(missing?.status()).toBe(404);
      expect(await page.locator("h1").textContent()).toBe(siteCopy.notFound.title);
      const closed = await page.goto(`/groups/${CLOSED_SLUG}`);
      expect(closed?.status()).toBe(404);
      expect(await page.locator("main").textContent()).toContain(groupsCopy.group.closed);
      await page.goto("/groups");
      expect(await page.locator(`[data-group="${CLOSED_SLUG}"]`).count()).toBe(0);
    });

    it("the home page starts people on “Is PWCOP for me?” and “Find a group”; the nav reaches the new pages", async ({ onTestFinished }) => {
      const { page } = await open(onTestFinished);
      await page.goto("/");
      const main = page.locator("main");
      expect(await main.getByRole("link", { name: "Is PWCOP for me?", exact: true }).getAttribute("href")).toBe("/eligibility");
      expect(await main.getByRole("link", { name: "Find a group", exact: true }).getAttribute("href")).toBe("/groups");
      for (const h of ["Domain:", "Community:", "Practice:"]) expect(await main.textContent()).toContain(h);
      const nav = page.getByRole("navigation", { name: "Main" });
      await nav.getByRole("link", { name: "Find a group" }).click();
      await page.waitForURL((u) => u.pathname === "/groups");
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "How ANZPOP helps" }).click();
      await page.waitForURL((u) => u.pathname === "/how-anzpop-supports-groups");
      expect(await page.locator("main").textContent()).toMatch(/insurance/i);
    });

    it("Find a group: a postcode sorts by distance, Fremantle's group first", async ({ onTestFinished }) => {
      const { page } = await open(onTestFinished);
      await page.goto("/groups");
      await page.getByLabel(dir.near.label).fill("6160");
      await page.getByRole("button", { name: dir.button }).click();
      await page.waitForURL((u) => u.searchParams.get("near") === "6160");
      expect(await firstInPerson(page)).toBe("perth-fremantle");
      expect(await page.locator("[data-sorted-near]").textContent()).toContain("Fremantle");
      // The direct link works the same.
      await page.goto("/groups?near=6160");
      expect(await firstInPerson(page)).toBe("perth-fremantle");
      // Online groups show their time in the group's zone and the visitor's.
      expect(await page.locator('[data-section="online"]').textContent()).toContain("Perth time");
    });

    it("Find a group: “Richmond” asks which Richmond, and the answer sorts the list", async ({ onTestFinished }) => {
      const { page } = await open(onTestFinished);
      await page.goto("/groups?near=Richmond");
      const choose = page.locator("[data-choose-place]");
      await expect.poll(() => choose.locator("legend").textContent()).toBe("Which Richmond do you mean?");
      expect(await choose.getByRole("radio").count()).toBeGreaterThan(3);
      await choose.locator("label").filter({ hasText: /^Richmond, TAS/ }).click();
      await choose.getByRole("button", { name: dir.choose.button }).click();
      await page.waitForURL((u) => u.searchParams.has("area"));
      expect(await firstInPerson(page)).toBe("hobart");
      expect(await page.getByLabel(dir.near.label).inputValue()).toBe("Richmond");
    });

    it("Find a group: an unknown place is a clear error that keeps what was typed", async ({ onTestFinished }) => {
      const { page } = await open(onTestFinished);
      await page.goto("/groups?near=Atlantisville");
      await expect.poll(() => page.locator(".error-summary").textContent()).toContain("We could not find “Atlantisville”");
      expect(await page.getByLabel(dir.near.label).inputValue()).toBe("Atlantisville");
      expect(await page.getByLabel(dir.near.label).getAttribute("aria-invalid")).toBe("true");
      // Still lists every group.
      expect(await page.locator('[data-section="in-person"] .group-card').count()).toBe(11);
    });

    it("Find a group: filters by state or region and by format", async ({ onTestFinished }) => {
      const { page } = await open(onTestFinished);
      await page.goto("/groups");
      await page.getByLabel(dir.region.label).selectOption({ label: "New South Wales" });
      await page.getByLabel(dir.format.label).selectOption({ label: dir.format.in_person });
      await page.getByRole("button", { name: dir.button }).click();
      await page.waitForURL((u) => u.searchParams.get("region") === "NSW");
      const slugs = await page.locator('[data-section="in-person"] .group-card').evaluateAll((els) => els.map((e) => e.getAttribute("data-group")));
      expect(slugs.sort()).toEqual(["northern-rivers", "sydney-inner-west"]);
      expect(await page.locator('[data-section="online"] .group-card').count()).toBe(0);
      expect(await page.locator("svg[data-map] a").count()).toBe(2);
    });

    it("a pin on the map is a link named after its group, reached by mouse or keyboard", async ({ onTestFinished }) => {
      const { page } = await open(onTestFinished);
      await page.goto("/groups");
      const map = page.locator("svg[data-map]");
      expect(await map.locator("a").count()).toBe(11);
      const pin = map.getByRole("link", { name: "Perth", exact: true });
      expect(await pin.getAttribute("href")).toBe("/groups/perth-fremantle");
      await pin.click();
      await page.waitForURL((u) => u.pathname === "/groups/perth-fremantle");
      expect(await page.locator("h1").textContent()).toBe("Perth");

      await page.goto("/groups");
      await tabTo(page, 'a[data-pin="auckland-ponsonby"]', { max: 80 });
      await page.keyboard.press("Enter");
      await page.waitForURL((u) => u.pathname === "/groups/auckland-ponsonby");
    });

    it("a group page shows the next three meetings, and its .ics file starts on the first of them", async ({ onTestFinished }) => {
      const { page, context } = await open(onTestFinished);
      await page.goto("/groups/melbourne-inner-north");
      const main = page.locator("main");
      expect(await main.locator("[data-rhythm]").textContent()).toBe("Monthly, second Tuesday, 7–9 pm");
      expect(await main.textContent()).toContain("Brunswick, Victoria");
      expect(await main.textContent()).toContain("Mira");
      expect(await main.textContent()).not.toMatch(/example\.org|@/);
      const times = main.locator("[data-meetings] time");
      expect(await times.count()).toBe(3);
      const first = (await times.first().getAttribute("datetime"))!;
      const shownDate = (await times.first().textContent())!;

      const href = (await main.locator("[data-calendar-link]").getAttribute("href"))!;
      expect(href).toBe("/groups/melbourne-inner-north/calendar.ics");
      const res = await context.request.get(href);
      expect(res.status()).toBe(200);
      expect(res.headers()["content-type"]).toMatch(/^text\/calendar/);
      const text = await res.text();
      expect(text).toContain("\r\n");
      expect(text.replace(/\r\n/g, "")).not.toMatch(/\n/);
      const cal = new ICAL.Component(ICAL.parse(text));
      for (const tz of cal.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(tz);
      const event = new ICAL.Event(cal.getFirstSubcomponent("vevent")!);
      expect(event.startDate.zone?.tzid).toBe("Australia/Melbourne");
      // The same instant as the page's first meeting, on the same local date.
      expect(event.startDate.toJSDate().getTime()).toBe(new Date(first).getTime());
      const d = event.startDate;
      expect(first.slice(0, 10)).toBe(`${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`);
      expect(shownDate).toContain(String(d.day));
      // And the next two occurrences are the page's next two.
      const it2 = event.iterator();
      const starts = [it2.next(), it2.next(), it2.next()].map((t) => t!.toJSDate().getTime());
      const shown = await times.evaluateAll((els) => els.map((e) => new Date(e.getAttribute("datetime")!).getTime()));
      expect(starts).toEqual(shown);
    });

    it("a forming group says so and offers no dates; “Ask to join” goes through the wizard first", async ({ onTestFinished }) => {
      const { page } = await open(onTestFinished);
      await page.goto("/groups/christchurch-central");
      expect(await page.locator("main").textContent()).toContain(groupsCopy.group.formingHeading);
      expect(await page.locator("[data-calendar-link]").count()).toBe(0);
      expect((await page.request.get("/groups/christchurch-central/calendar.ics")).status()).toBe(404);

      await page.goto("/groups/perth-fremantle");
      expect(await page.getByRole("link", { name: groupsCopy.group.check }).getAttribute("href")).toBe("/eligibility");
      await page.getByRole("link", { name: groupsCopy.group.ask, exact: true }).click();
      await page.waitForURL((u) => u.pathname === "/eligibility");
    });
  });
}

describe("weight, small screens and print", () => {
  it("/groups ships no JavaScript at all (a wizard page does)", async () => {
    const base = inject("baseURL");
    const groups = await (await fetch(`${base}/groups?near=Richmond`)).text();
    expect(groups).not.toMatch(/<script|modulepreload/i);
    const wizard = await (await fetch(`${base}/eligibility`)).text();
    expect(wizard).toMatch(/<script/i);
  });

  it("reads on a 320 px phone without sideways scrolling of the page (the map scrolls in its own frame)", async ({ onTestFinished }) => {
    const { page } = await openSession(browser(), { js: true, onTestFinished });
    await page.setViewportSize({ width: 320, height: 640 });
    for (const path of ["/", "/groups", "/groups?near=Richmond", "/groups/anz-evenings", "/how-anzpop-supports-groups"]) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
  });

  it("prints a group list without the search form or the map", async ({ onTestFinished }) => {
    const { page } = await openSession(browser(), { js: false, onTestFinished });
    await page.goto("/groups");
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".group-search").isVisible()).toBe(false);
    expect(await page.locator(".group-map").isVisible()).toBe(false);
    expect(await page.locator(".group-card").first().isVisible()).toBe(true);
  });
});

describe("accessibility (axe-core, WCAG 2.2 AA)", () => {
  const paths = [
    "/",
    "/who-is-it-for",
    "/how-anzpop-supports-groups",
    "/training",
    "/privacy",
    "/credits",
    "/groups",
    "/groups?near=6160",
    "/groups?near=Richmond",
    "/groups?near=Atlantisville",
    "/groups?region=Canterbury",
    "/groups/perth-fremantle",
    "/groups/sydney-inner-west",
    "/groups/christchurch-central",
    "/groups/anz-evenings",
    "/groups/no-such-group",
  ];
  for (const width of [1024, 390]) {
    for (const path of paths) it(`no violations on ${path} at ${width} px`, async ({ onTestFinished }) => {
      const { page } = await openSession(browser(), { js: true, onTestFinished });
      await page.setViewportSize({ width, height: 900 });
      await page.goto(path);
      // An unstyled page (stylesheet missing, e.g. build/ replaced mid-run) would fail for the wrong reason.
      expect(await page.evaluate(() => getComputedStyle(document.querySelector(".skip-link")!).position), "stylesheet applied").toBe("absolute");
      const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
      expect(result.violations.map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
    });
  }
});
