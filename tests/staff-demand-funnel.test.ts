/**
 * The staff overview, demand and funnel pages against the production server
 * (build/) with a real SMTP server, in Chromium with JavaScript on and off:
 *
 * - demand: people put on the waiting list straight into the SQLite file are
 *   on the <svg> map and in the table as areas; the threshold raises an area
 *   on the overview; "Seed a group here" makes a forming group and each
 *   person who agreed to hear about new groups or convening receives exactly
 *   one email (counted at the SMTP server), nobody else any;
 * - funnel: the questions walked over HTTP along known paths; /staff/funnel
 *   shows exactly the counts those walks make, "fewer than 5" for 1 to 4;
 * - axe (WCAG 2.2 AA) on each page and its error states, with JavaScript on
 *   and off, and no sideways scrolling at 390 px.
 *
 * Staff sign in once over HTTP with the emailed code (the demo staff account);
 * every browser context gets that session's cookie.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it, type ExpectStatic } from "vitest";
import staffCopy from "../content/staff.json";
import { Client, DEMO, signIn } from "./support/back-office";
import { andWait, openSession, tabTo, type Session } from "./support/browser";
import { mailTo, outboxDrained, waitFor } from "./support/inbox";
import { useMailSite } from "./support/mail-site";
import { FITTING_ANSWERS, Visitor, type FormFields } from "./support/wizard-client";
import { axeViolations, widthsAt390 } from "./support/a11y";

const site = useMailSite({ STAFF_EMAIL: "staff@anzpop.example" });

const MODES = [
  { mode: "JavaScript on", js: true },
  { mode: "JavaScript off", js: false },
] as const;
const SEED_SUBJECT = /^A group is starting near /;
const dc = staffCopy.demand;
const fc = staffCopy.funnel;

let staff: Client;

beforeAll(async () => {
  staff = await signIn(site, DEMO.staff);
}, 60_000);

/** A Chromium page signed in as staff. `js: false` with `forAxe` keeps JavaScript on for axe but blocks the app's scripts. */
async function staffSession(onTestFinished: Parameters<typeof openSession>[1]["onTestFinished"], js: boolean, forAxe = false): Promise<Session> {
  return openSession(site.browser, { js: forAxe ? true : js, blockScripts: forAxe && !js, onTestFinished, baseURL: site.base, cookie: staff.cookie });
}

/** axe at 1024 px, then no sideways scrolling at 390 px. */
async function checkPage(page: Page, label: string, expect: ExpectStatic) {
  expect.soft(await axeViolations(page), `axe on ${label}`).toEqual([]);
  const widths = await widthsAt390(page);
  expect.soft(widths.scrollWidth, `sideways scroll at 390 px on ${label}: ${JSON.stringify(widths)}`).toBeLessThanOrEqual(widths.clientWidth);
}

// --- The waiting list, straight into SQLite ------------------------------------------

const BALLARAT = { lat: -37.562159, lon: 143.850256 };
const DUNEDIN = { lat: -45.87416, lon: 170.50361 };
const MILDURA = { lat: -34.185, lon: 142.1625 };

let made = 0;
/** A confirmed sign-up on the waiting list, `dx` km east of a point; returns its id and address. */
function waiting(at: { lat: number; lon: number }, tag: string, { dx = 0, interests = ["new_groups"] as string[], online = false } = {}) {
  const email = `waiting-${tag}-${++made}@example.com`;
  const lon = at.lon + dx / (111.195 * Math.cos((at.lat * Math.PI) / 180));
  const { id } = site.db
    .prepare(
      `INSERT INTO newsletter_signups (email, interests, country, place, lat, lon, distance_km, accepts_online, outcome, reasons, confirmed_at, waiting_since)
       VALUES (?, ?, ?, ?, ?, ?, 25, ?, 'newsletter', '["no_group_nearby"]', '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z') RETURNING id`,
    )
    .get(email, JSON.stringify(interests), at === DUNEDIN ? "NZ" : "AU", `Place ${made}`, at.lat, lon, online ? 1 : 0) as { id: number };
  return { id, email };
}

const groupRow = (where: string, ...params: unknown[]) =>
  site.db.prepare(`SELECT id, slug, name, status, format, capacity, country, region, time_zone AS timeZone FROM groups WHERE ${where}`).get(...params) as
    | { id: number; slug: string; name: string; status: string; format: string; capacity: number; country: string; region: string; timeZone: string }
    | undefined;

const seedMailsTo = (email: string) => mailTo(site.smtp, email).filter((m) => SEED_SUBJECT.test(m.subject));

/** The area row (data-area) a person is in, as the page shows it. */
async function areaRow(page: Page, key: number) {
  const row = page.locator(`tr[data-area="${key}"]`);
  await row.waitFor();
  return { row, count: Number(await row.getAttribute("data-count")), above: (await row.getAttribute("data-above")) === "true", text: await row.innerText() };
}

async function seedFrom(s: Session, key: number) {
  const { page } = s;
  const row = page.locator(`tr[data-area="${key}"]`);
  // Keyboard only: Tab to the area's button, then Enter.
  await tabTo(page, `tr[data-area="${key}"] button`, { max: 200 });
  await andWait(s, () => page.keyboard.press("Enter"), (u) => u.searchParams.has("seeded"));
  await page.locator("[data-notice]").waitFor();
  await s.wizard.ready();
  expect(await row.count()).toBe(0);
}

describe("demand and seeding a group", () => {
  const people = {} as Record<"ballarat" | "dunedin", { id: number; email: string }[]> & { noConsent: { id: number; email: string } };

  beforeAll(() => {
    people.ballarat = [
      waiting(BALLARAT, "ballarat", { dx: -2 }),
      waiting(BALLARAT, "ballarat", { dx: -1, online: true }),
      waiting(BALLARAT, "ballarat", { dx: 0 }),
      waiting(BALLARAT, "ballarat", { dx: 1, interests: ["new_groups", "convening"] }),
      waiting(BALLARAT, "ballarat", { dx: 2, interests: ["convening"] }),
    ];
    people.noConsent = waiting(BALLARAT, "ballarat", { dx: 3, interests: ["training_events"] });
    people.dunedin = [waiting(DUNEDIN, "dunedin"), waiting(DUNEDIN, "dunedin", { dx: 4, online: true })];
  });

  it("shows where people wait on the map and in the table, raises areas at the threshold on the overview, and seeds a group (JavaScript on)", async ({ onTestFinished }) => {
    const s = await staffSession(onTestFinished, true);
    const { page, wizard: w } = s;
    await w.goto("/staff/demand");
    const svg = page.locator("main svg[data-demand-map]");
    expect(await svg.count()).toBe(1);
    const ballaratKey = people.ballarat[0]!.id;
    const dunedinKey = people.dunedin[0]!.id;
    expect(await svg.locator(`circle[data-area="${ballaratKey}"] title`).textContent()).toMatch(/^Ballarat.*: 6 people waiting$/);
    expect(await svg.locator(`circle[data-area="${dunedinKey}"]`).count()).toBe(1);
    const ballarat = await areaRow(page, ballaratKey);
    expect(ballarat).toMatchObject({ count: 6, above: true });
    expect(ballarat.text).toMatch(/^Ballarat/);
    expect(ballarat.text).toContain("In person only: 5");
    expect(ballarat.text).toContain("In person or online: 1");
    expect(ballarat.text).toContain("New groups: 4");
    expect(ballarat.text).toContain("Convening a group: 2");
    expect(ballarat.text).toContain("Training and events: 1");
    expect(await areaRow(page, dunedinKey)).toMatchObject({ count: 2, above: false });

    // The overview raises Ballarat (6 ≥ 5), not Dunedin; at a threshold of 2, both.
    await w.goto("/staff");
    expect(await page.locator('[data-task="demand"]').getAttribute("data-count")).toBe("1");
    expect(await page.locator("[data-overview-areas] li").allInnerTexts()).toEqual([expect.stringMatching(/^Ballarat.*: 6 people waiting$/)]);
    await w.goto("/staff/demand");
    await page.getByLabel(dc.threshold.label).fill("2");
    await w.markStale();
    await page.getByRole("button", { name: dc.thresholdButton }).click();
    await page.waitForURL((u) => u.searchParams.get("saved") === "threshold");
    await page.locator("[data-notice]").waitFor();
    expect(await page.locator("[data-notice]").innerText()).toContain("2 or more");
    await w.goto("/staff");
    expect(await page.locator('[data-task="demand"]').getAttribute("data-count")).toBe("2");
    await w.goto("/staff/demand");
    await page.getByLabel(dc.threshold.label).fill("5");
    await andWait(s, () => page.getByRole("button", { name: dc.thresholdButton }).click(), (u) => u.searchParams.get("saved") === "threshold");

    // Seed Ballarat.
    await w.ready();
    await seedFrom(s, ballaratKey);
    const group = groupRow("id = (SELECT max(id) FROM groups)")!;
    expect(group).toMatchObject({ status: "forming", format: "in_person", capacity: 12, country: "AU", region: "VIC", timeZone: "Australia/Melbourne" });
    expect(group.name).toMatch(/^Ballarat/);
    const notice = await page.locator("[data-notice]").innerText();
    expect(notice).toContain(`${group.name} is now a forming group. 5 of the 6 people waiting there were emailed`);
    expect(await page.locator("[data-notice] a").getAttribute("href")).toBe(`/staff/groups/${group.slug}`);

    // Each consenting person gets exactly one email; the one who asked only about training gets none.
    for (const p of people.ballarat) await waitFor(`the seed email to ${p.email}`, () => seedMailsTo(p.email).length > 0, 15_000);
    await outboxDrained(site.db);
    for (const p of people.ballarat) {
      const mails = seedMailsTo(p.email);
      expect(mails, p.email).toHaveLength(1);
      expect(mails[0]!.text).toContain(group.name);
      expect(mails[0]!.text).toMatch(/about \d+ km from the area you gave us/);
      expect(mails[0]!.header("reply-to")).toContain("staff@anzpop.example");
      expect(mails[0]!.header("list-unsubscribe")).toBeTruthy();
    }
    expect(mailTo(site.smtp, people.noConsent.email)).toEqual([]);
    const audit = site.db.prepare("SELECT action, detail FROM audit_log WHERE group_id = ?").all(group.id) as { action: string; detail: string }[];
    expect(audit.map((a) => [a.action, JSON.parse(a.detail)])).toEqual([["group.seeded", { people: 6, consenting: 5, emailed: 5 }]]);

    // The area is gone; seeding it again over HTTP (a stale page) changes nothing and answers 409.
    const before = site.db.prepare("SELECT count(*) AS n FROM outbox").get() as { n: number };
    const again = await staff.post("/staff/demand", { intent: "seed", area: String(ballaratKey) });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain(dc.seedErrors.changed.slice(0, 40));
    expect(site.db.prepare("SELECT count(*) AS n FROM outbox").get()).toEqual(before);
    expect(site.db.prepare("SELECT count(*) AS n FROM groups WHERE name LIKE 'Ballarat%'").get()).toEqual({ n: 1 });
  });

  it("seeds a group without JavaScript", async ({ onTestFinished }) => {
    const s = await staffSession(onTestFinished, false);
    const { page, wizard: w } = s;
    await w.goto("/staff/demand");
    const key = people.dunedin[0]!.id;
    expect(await areaRow(page, key)).toMatchObject({ count: 2 });
    await seedFrom(s, key);
    const group = groupRow("country = 'NZ' AND status = 'forming' AND slug != 'christchurch-central'")!;
    expect(group).toMatchObject({ status: "forming", country: "NZ", region: "Otago", timeZone: "Pacific/Auckland" });
    for (const p of people.dunedin) await waitFor(`the seed email to ${p.email}`, () => seedMailsTo(p.email).length > 0, 15_000);
    await outboxDrained(site.db);
    for (const p of people.dunedin) expect(seedMailsTo(p.email), p.email).toHaveLength(1);
    // Someone near a group already forming: no button, a note instead.
    const near = waiting(DUNEDIN, "dunedin-late", { dx: 40 });
    site.db.prepare("UPDATE newsletter_signups SET distance_km = 10 WHERE id = ?").run(near.id);
    await w.goto("/staff/demand");
    const row = await areaRow(page, near.id);
    expect(row.text).toContain(`${group.name} is forming`);
    expect(await page.locator(`tr[data-area="${near.id}"] button`).count()).toBe(0);
    const refused = await staff.post("/staff/demand", { intent: "seed", area: String(near.id) });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain(`A group is already forming near there: ${group.name}.`);
  });
});

// --- The funnel ---------------------------------------------------------------------------

/** Walks the questions over HTTP, each walk a new visitor (a new wizard session). */
async function walk(answers: Array<[step: string, fields: FormFields]>, times: number) {
  for (let i = 0; i < times; i++) {
    const v = new Visitor(site.base);
    for (const [step, fields] of answers) {
      const res = await v.post(`/eligibility/${step}`, fields);
      if (res.status !== 303) throw new Error(`walk: ${step} answered ${res.status}`);
    }
  }
}

/** The place step's choices for an ambiguous place, read from its page: each radio's value and its label. */
async function placeChoices(v: Visitor): Promise<{ value: string; label: string }[]> {
  const html = await (await v.get("/eligibility/place")).text();
  const inputs = [...html.matchAll(/<input[^>]*>/g)].map((m) => m[0]).filter((tag) => /name="areaId"/.test(tag));
  return inputs.map((tag) => {
    const id = /id="([^"]+)"/.exec(tag)![1]!;
    const value = /value="([^"]+)"/.exec(tag)![1]!;
    const label = new RegExp(`<label[^>]*for="${id}"[^>]*>([^<]*)<`).exec(html)?.[1] ?? "";
    return { value, label };
  });
}

const FITS = FITTING_ANSWERS;
const NO_EXPERIENCE: Array<[string, FormFields]> = [
  ["experience", { experience: "none" }],
  ["check", {}],
];
const NOT_PRACTISING: Array<[string, FormFields]> = [
  ["experience", { experience: "workshops" }],
  ["practice", { practice: "not_yet" }],
  ["check", {}],
];
const STOPPED_AT_PRACTICE: Array<[string, FormFields]> = [["experience", { experience: "workshops" }]];

describe("the funnel", () => {
  beforeAll(async () => {
    await walk(FITS, 6);
    await walk(NO_EXPERIENCE, 5);
    await walk(NOT_PRACTISING, 5);
    await walk(STOPPED_AT_PRACTICE, 5);
    // One walk with the Back button: practice and hopes answered again, then on to the end. Counted once.
    const back = new Visitor(site.base);
    for (const [step, fields] of [...FITS.slice(0, 4), FITS[1]!, FITS[2]!, FITS[3]!, ...FITS.slice(4)]) {
      const res = await back.post(`/eligibility/${step}`, fields);
      if (res.status !== 303) throw new Error(`back walk: ${step} answered ${res.status}`);
    }
    // Two walks through the place choice (a place name several states share).
    for (let i = 0; i < 2; i++) {
      const v = new Visitor(site.base);
      for (const [step, fields] of FITS.slice(0, 4)) expect((await v.post(`/eligibility/${step}`, fields)).status).toBe(303);
      const res = await v.post("/eligibility/location", { country: "AU", place: "Richmond", format: "either", distanceKm: "25" });
      expect(res.headers.get("location")).toBe("/eligibility/place");
      const choices = await placeChoices(v);
      expect(choices.length).toBeGreaterThan(1);
      const tasmania = choices.find((c) => /TAS/.test(c.label));
      expect(tasmania, JSON.stringify(choices)).toBeDefined();
      expect((await v.post("/eligibility/place", { areaId: tasmania!.value })).status).toBe(303);
      expect((await v.post("/eligibility/check", {})).headers.get("location")).toBe("/eligibility/outcome");
    }
  }, 120_000);

  /** The step-by-step table as the page shows it: step → [reached, went on, stopped]. */
  async function stepTable(page: Page) {
    const rows = page.locator("table[data-funnel-steps] tbody tr[data-step]");
    const out: Record<string, string[]> = {};
    for (const row of await rows.all()) {
      out[(await row.getAttribute("data-step"))!] = [
        (await row.locator("td[data-count]").innerText()).trim(),
        (await row.locator("td[data-went-on]").innerText()).trim(),
        (await row.locator("td[data-stopped]").innerText()).trim(),
      ];
    }
    return out;
  }

  it.for(MODES)("shows exactly the counts the walks made, fewer than 5 for 1 to 4 ($mode)", async ({ js }, { onTestFinished }) => {
    const s = await staffSession(onTestFinished, js);
    const { page, wizard: w } = s;
    await w.goto("/staff/funnel");
    const outcomes = site.db.prepare("SELECT to_step AS step, sum(count) AS n FROM funnel_counts WHERE from_step = 'check' GROUP BY to_step ORDER BY to_step").all();
    // Hobart fits in person or online: a group matches. Richmond (Tasmania) is near Hobart too.
    expect(outcomes).toEqual([
      { step: "outcome:group:match", n: 9 },
      { step: "outcome:newsletter:not_practising", n: 5 },
      { step: "outcome:training:no_experience", n: 5 },
    ]);
    const FEWER = fc.fewerThan5;
    const NOT = fc.notApplicable;
    expect(await stepTable(page)).toEqual({
      start: ["24", "24", NOT],
      practice: ["19", "14", "5"],
      supervision: ["9", "9", "0"],
      hopes: ["9", "9", "0"],
      location: ["9", "9", "0"],
      place: [FEWER, FEWER, "0"],
      check: ["19", "19", "0"],
      "outcome:group": ["9", NOT, NOT],
      "outcome:group:match": ["9", NOT, NOT],
      "outcome:training": ["5", NOT, NOT],
      "outcome:training:no_experience": ["5", NOT, NOT],
      "outcome:newsletter": ["5", NOT, NOT],
      "outcome:newsletter:not_practising": ["5", NOT, NOT],
    });
    // This week: 24 started, 19 reached a result, 5 stopped before one.
    const week = page.locator("table[data-funnel-weeks] tbody tr").last();
    expect((await week.locator("td").allInnerTexts()).map((t) => t.trim())).toEqual(["24", "9", "5", "5", "5"]);
    expect(await page.locator("main svg[data-funnel-chart] rect.funnel-chart__bar").count()).toBeGreaterThanOrEqual(4);

    // A range with nothing in it shows zeros, not "fewer than 5".
    await page.getByLabel(fc.from.label, { exact: true }).fill("2020-01-06");
    await page.getByLabel(fc.to.label, { exact: true }).fill("2020-03-29");
    await w.markStale();
    await page.getByRole("button", { name: fc.apply }).click();
    await page.waitForURL((u) => u.searchParams.get("from") === "2020-01-06");
    await page.locator("[data-funnel-range]", { hasText: "2020" }).waitFor();
    // No results, so no reason rows: the 7 steps and the 3 results, each 0.
    expect(Object.values(await stepTable(page)).map((r) => r[0])).toEqual(Array(10).fill("0"));
    expect(await page.locator("table[data-funnel-weeks] tbody tr").count()).toBe(12);
  });
});

// --- Accessibility ------------------------------------------------------------------------

describe.each(MODES)("axe and 390 px, $mode", ({ js }) => {
  it("/staff, /staff/demand, /staff/funnel and their error states", async ({ onTestFinished, expect }) => {
    const s = await staffSession(onTestFinished, js, true);
    const { page, wizard: w } = s;
    const mark = waiting(MILDURA, `a11y-${js}`);
    waiting(MILDURA, `a11y-${js}`, { dx: 3, interests: ["convening"] });

    await w.goto("/staff");
    await checkPage(page, "/staff", expect);
    await w.goto("/staff/demand");
    await checkPage(page, "/staff/demand", expect);

    // The threshold, wrong.
    await page.getByLabel(dc.threshold.label).fill("many");
    await w.markStale();
    await page.getByRole("button", { name: dc.thresholdButton }).click();
    await page.locator(".error-summary").waitFor();
    expect(await page.locator(".error-summary").innerText()).toContain(dc.errors.number);
    await checkPage(page, "/staff/demand with a wrong threshold", expect);

    // Seeding an area that changed after the page was loaded.
    await w.goto("/staff/demand");
    await page.locator(`tr[data-area="${mark.id}"]`).waitFor();
    site.db.prepare("UPDATE newsletter_signups SET unsubscribed_at = '2026-03-01T00:00:00.000Z', waiting_since = NULL WHERE email LIKE ?").run(`waiting-a11y-${js}-%`);
    await w.markStale();
    await page.locator(`tr[data-area="${mark.id}"] button`).click();
    await page.locator("main:not([data-e2e-stale]) .error-summary, main .error-summary").first().waitFor();
    expect(await page.locator(".error-summary").innerText()).toContain(dc.seedErrors.changed);
    expect(await page.locator(".error-summary a").getAttribute("href")).toBe("#areas");
    await checkPage(page, "/staff/demand after seeding an area that changed", expect);

    await w.goto("/staff/funnel");
    await checkPage(page, "/staff/funnel", expect);
    await w.goto("/staff/funnel?from=2026-02-30&to=2026-01-01");
    expect(await page.locator(".error-summary").innerText()).toContain(fc.errors.date);
    await checkPage(page, "/staff/funnel with a date that does not exist", expect);
    await w.goto("/staff/funnel?from=2026-05-01&to=2026-01-01");
    expect(await page.locator(".error-summary").innerText()).toContain(fc.errors.order);
    await checkPage(page, "/staff/funnel with the dates the wrong way round", expect);
  });
});

describe("who may see these pages", () => {
  it("signed out: to sign in; a convenor: 403; staff: 200", async () => {
    const anon = new Client(site.base);
    for (const path of ["/staff", "/staff/demand", "/staff/funnel"]) {
      const res = await anon.get(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get("location")).toBe(`/sign-in?redirectTo=${encodeURIComponent(path)}`);
      expect((await staff.get(path)).status, path).toBe(200);
    }
    const post = await anon.post("/staff/demand", { intent: "threshold", threshold: "1" });
    expect(post.status).toBe(303);
    expect(post.headers.get("location")).toMatch(/^\/sign-in/);
    const convenor = await signIn(site, DEMO.hobart);
    for (const path of ["/staff", "/staff/demand", "/staff/funnel"]) expect((await convenor.get(path)).status, path).toBe(403);
    expect((await convenor.post("/staff/demand", { intent: "threshold", threshold: "1" })).status).toBe(403);
    expect(site.db.prepare("SELECT value FROM settings WHERE key = 'demand_threshold'").get()).toEqual({ value: "5" });
  });
});
