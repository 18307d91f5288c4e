/**
 * The public site in real Chromium, with JavaScript on and off: content
 * pages, Find a group (search, choice of place, the list by state or region,
 * the map and its pins), group pages and their calendar files, accessibility
 * (axe, WCAG 2.2 AA, focus, target sizes), small screens and print.
 * "Your time" for online groups is in viewer-times.test.ts.
 */
import Database from "better-sqlite3";
import ICAL from "ical.js";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it, type OnTestFinishedHandler } from "vitest";
import groupsCopy from "../content/groups.json";
import siteCopy from "../content/site.json";
import wizardCopy from "../content/eligibility.json";
import { DEMO_GROUPS } from "../db/demo-groups";
import { insertGroup } from "../db/queries/groups";
import { openSession, tabTo, useBrowser } from "./support/browser";
import { axeViolations } from "./support/a11y";

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
      // Online groups show their time in the group's zone and the visitor's: without JavaScript
      // from the place given (Perth), with it from the browser's own zone (Melbourne in these tests).
      const online = page.locator('[data-section="online"]');
      await expect.poll(() => online.locator("[data-your-time]").first().textContent()).toContain(js ? "(Melbourne time)" : "(Perth time)");
      expect(await online.textContent()).toContain("(New Zealand time)");
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
      expect(await page.locator("[data-map] a[data-pin]").count()).toBe(2);
    });

    it("with no search, the groups that meet in person are listed by state or region, open before full", async ({ onTestFinished }) => {
      const { page } = await open(onTestFinished);
      await page.goto("/groups");
      const section = page.locator('[data-section="in-person"]');
      const headings = await section.locator("h3").allTextContents();
      expect(headings.slice(0, 3)).toEqual(["Australian Capital Territory", "New South Wales", "Queensland"]);
      expect(headings).toContain("Auckland, Aotearoa New Zealand");
      // Each group's name is a heading under its state's.
      const nsw = section.getByRole("region", { name: "New South Wales" });
      expect(await nsw.locator("h4").allTextContents()).toEqual(["Northern Rivers", "Sydney Inner West"]);
      expect(await nsw.locator(".group-card").evaluateAll((els) => els.map((e) => e.getAttribute("data-status")))).toEqual(["open", "full"]);
      // Online groups: open before full before forming.
      const statuses = await page.locator('[data-section="online"] .group-card').evaluateAll((els) => els.map((e) => e.getAttribute("data-status")));
      expect(statuses).toEqual([...statuses].sort((a, b) => ["open", "full", "forming"].indexOf(a!) - ["open", "full", "forming"].indexOf(b!)));
      // A search by place is one list, nearest first, with no state headings.
      await page.goto("/groups?near=6160");
      expect(await page.locator('[data-section="in-person"] h3').first().textContent()).toBe("Perth");
    });

    it("a pin on the map is a link named after its group and status, reached by mouse or keyboard", async ({ onTestFinished }) => {
      const { page } = await open(onTestFinished);
      await page.goto("/groups");
      const map = page.locator("[data-map]");
      expect(await map.locator("a").count()).toBe(11);
      expect(await map.getByRole("link", { name: "Sydney Inner West, full, waiting list open", exact: true }).getAttribute("href")).toBe("/groups/sydney-inner-west");
      expect(await map.getByRole("link", { name: "Christchurch, forming, not meeting yet", exact: true }).count()).toBe(1);
      const pin = map.getByRole("link", { name: "Perth, open", exact: true });
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
      // The group's join page says the questions come first, and starts them for this group.
      await page.waitForURL((u) => u.pathname === "/eligibility/join/perth-fremantle");
      expect(await page.locator("[data-join-state]").getAttribute("data-join-state")).toBe("start");
      await page.getByRole("button", { name: wizardCopy.join.start.button }).click();
      await page.waitForURL((u) => u.pathname === "/eligibility/experience");
    });
  });
}

/** The JavaScript a page ships: script files it loads, and the bytes of its inline scripts. */
async function scriptWeight(path: string) {
  const html = await (await fetch(`${inject("baseURL")}${path}`)).text();
  const inline = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)].filter((m) => !/\ssrc=/.test(m[0])).map((m) => m[1]!);
  return { files: (html.match(/<script\b[^>]*\ssrc=|modulepreload/gi) ?? []).length, inlineBytes: inline.reduce((n, s) => n + Buffer.byteLength(s), 0), inline };
}

describe("weight, small screens and print", () => {
  it("/groups and group pages ship no Remix bundle: only online groups' “your time” script, under 3 KB (a wizard page hydrates)", async () => {
    const groups = await scriptWeight("/groups?near=Richmond");
    expect(groups.files).toBe(0);
    expect(groups.inline).toHaveLength(1);
    expect(groups.inlineBytes).toBeLessThan(3 * 1024);
    console.info(`/groups JavaScript: ${groups.inlineBytes} bytes inline, no files`);
    // Nothing online on the page (or a zone the visitor chose): no script at all.
    expect(await scriptWeight("/groups?format=in_person")).toEqual({ files: 0, inlineBytes: 0, inline: [] });
    expect((await scriptWeight("/groups/perth-fremantle")).inlineBytes).toBe(0);
    expect((await scriptWeight("/groups/anz-evenings")).files).toBe(0);
    expect((await scriptWeight("/groups?tz=Europe%2FLondon")).inlineBytes).toBe(0);
    expect((await scriptWeight("/eligibility")).files).toBeGreaterThan(0);
  });

  it("reads on a 320 px phone without sideways scrolling, the whole map on screen", async ({ onTestFinished }) => {
    const { page } = await openSession(browser(), { js: true, onTestFinished });
    await page.setViewportSize({ width: 320, height: 640 });
    for (const path of ["/", "/groups", "/groups?near=Richmond", "/groups?near=3065", "/groups/anz-evenings", "/how-anzpop-supports-groups", "/credits"]) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
  });

  it("on a 390 px phone the map fits the screen: New Zealand, Sydney, Brisbane and Byron Bay on it, every pin a 24 px target inside it", async ({ onTestFinished }) => {
    const { page } = await openSession(browser(), { js: false, onTestFinished });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/groups");
    const frame = (await page.locator("[data-map]").boundingBox())!;
    expect(frame.x).toBeGreaterThanOrEqual(0);
    expect(frame.x + frame.width).toBeLessThanOrEqual(390);
    expect(await page.locator("[data-map] svg").evaluate((svg) => svg.getBoundingClientRect().width)).toBeCloseTo(frame.width - 2, 0);
    const pins = await page.locator("[data-map] a[data-pin]").evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { slug: e.getAttribute("data-pin")!, x: r.x + r.width / 2, y: r.y + r.height / 2, w: r.width, h: r.height };
      }),
    );
    expect(pins.map((p) => p.slug)).toEqual(expect.arrayContaining(["auckland-ponsonby", "wellington-te-aro", "christchurch-central", "sydney-inner-west", "brisbane", "northern-rivers"]));
    for (const p of pins) {
      expect(p.w, p.slug).toBeGreaterThanOrEqual(24);
      expect(p.h, p.slug).toBeGreaterThanOrEqual(24);
      expect(p.x - p.w / 2 >= frame.x && p.x + p.w / 2 <= frame.x + frame.width, `${p.slug} inside the map`).toBe(true);
      expect(p.y - p.h / 2 >= frame.y && p.y + p.h / 2 <= frame.y + frame.height, `${p.slug} inside the map`).toBe(true);
      for (const q of pins) if (q !== p) expect(Math.hypot(p.x - q.x, p.y - q.y), `${p.slug}–${q.slug}`).toBeGreaterThanOrEqual(24);
    }
  });

  it("after ?near=3065 the map zooms to the area and marks the place, with a way back to the whole map", async ({ onTestFinished }) => {
    const { page } = await openSession(browser(), { js: false, onTestFinished });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/groups?near=3065");
    const map = page.locator("[data-map]");
    expect(await map.getAttribute("data-zoom")).toBe("place");
    const marker = map.getByRole("img", { name: /^Your search: .*3065$/ });
    const box = (await marker.boundingBox())!;
    const frame = (await map.boundingBox())!;
    expect(box.x > frame.x && box.x < frame.x + frame.width && box.y > frame.y && box.y < frame.y + frame.height).toBe(true);
    expect(await map.getByRole("link", { name: "Melbourne Inner North, open" }).isVisible()).toBe(true);
    expect(await map.locator('a[data-pin="perth-fremantle"]').count()).toBe(0);
    await page.locator("[data-map-whole]").click();
    await page.waitForURL((u) => u.searchParams.get("map") === "all");
    expect(await page.locator("[data-map]").getAttribute("data-zoom")).toBe("none");
    expect(await page.locator("[data-map] a[data-pin]").count()).toBe(11);
    expect(await page.locator("[data-map-place]").count()).toBe(1);
  });

  it("the phone header is compact and each of its links a target at least 24 px tall", async ({ onTestFinished }) => {
    const { page } = await openSession(browser(), { js: false, onTestFinished });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/");
    const header = (await page.locator("header.header").boundingBox())!;
    expect(header.height).toBeLessThanOrEqual(125);
    for (const link of await page.locator("header.header a").all()) {
      const b = (await link.boundingBox())!;
      expect(b.height, await link.textContent() ?? "").toBeGreaterThanOrEqual(24);
    }
  });

  it("focus: a focused container (main after “Skip to main content”, the error summary) gets an outline, not a yellow fill", async ({ onTestFinished }) => {
    for (const js of [true, false]) {
      const { page } = await openSession(browser(), { js, onTestFinished });
      await page.goto("/groups");
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.className)).toBe("skip-link");
      await page.keyboard.press("Enter");
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("main-content");
      const main = await page.locator("main").evaluate((m) => ({ background: getComputedStyle(m).backgroundColor, outline: getComputedStyle(m).outlineStyle }));
      expect(main).toEqual({ background: "rgba(0, 0, 0, 0)", outline: "solid" });
      await page.goto("/groups?near=Atlantisville");
      const summary = page.locator(".error-summary");
      await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains("error-summary"))).toBe(true);
      expect(await summary.evaluate((e) => getComputedStyle(e).backgroundColor)).toBe("rgb(255, 255, 255)");
      expect(await summary.evaluate((e) => getComputedStyle(e).outlineStyle)).toBe("solid");
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
    "/groups?near=3065",
    "/groups?near=3065&map=all",
    "/groups?format=online&tz=Europe%2FLondon",
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
      const found = await axeViolations(page);
      // An unstyled page (stylesheet missing, e.g. build/ replaced mid-run) would fail for the wrong reason.
      expect(await page.evaluate(() => getComputedStyle(document.querySelector(".skip-link")!).position), "stylesheet applied").toBe("absolute");
      expect(found).toEqual([]);
    });
  }
});
