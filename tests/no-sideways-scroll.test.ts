/**
 * No page of the site scrolls sideways on a 390 px phone: every route in
 * app/routes.ts (public pages, every demo group, each wizard step), every
 * outcome of the questionnaire (reached over HTTP as a visitor would, then
 * shown in Chromium), error states (forms sent empty, links with a token
 * that is no token, unknown pages) and the back office signed in as a
 * convenor and as staff. JavaScript on and off. Each check is
 * `scrollWidth <= clientWidth` on the document.
 *
 * A route added later is visited on its own; one with a parameter this file
 * has no sample for fails below until SAMPLES gives it one.
 */
import type { Page } from "playwright-core";
import { describe, expect, it, type OnTestFinishedHandler } from "vitest";
import wizardCopy from "../content/eligibility.json";
import routes from "../app/routes";
import { DEMO_GROUPS } from "../db/demo-groups";
import { addAccount, askToJoin, signIn } from "./support/back-office";
import { leasePage, PATHS, type Lease } from "./support/browser";
import { useMailSite } from "./support/mail-site";
import { Visitor, type FormFields } from "./support/wizard-client";

const site = useMailSite();
const WIDTH = 390;
type OnTestFinished = (fn: OnTestFinishedHandler) => void;

interface RouteEntry {
  path?: string;
  index?: boolean;
  file: string;
  children?: RouteEntry[];
}

/** Every route's full path pattern ("" is the home page), with its file. */
function flatten(entries: readonly RouteEntry[], parent = ""): { pattern: string; file: string }[] {
  return entries.flatMap((r) => {
    const pattern = r.index ? parent : [parent, r.path ?? ""].filter(Boolean).join("/");
    return [...(r.file ? [{ pattern, file: r.file }] : []), ...(r.children ? flatten(r.children, pattern) : [])];
  });
}

const ALL = flatten(routes as unknown as RouteEntry[]);
/** Resource routes (.ts: calendar files, CSV exports) answer with files, not pages. */
const PAGES = ALL.filter((r) => !/\.ts$/.test(r.file));
const needsSignIn = (path: string) => /^\/(convenor|staff|account)(\/|$)/.test(path);

/** Sample values for route parameters; ids come from the test's own server once it is up. */
const ids: Record<string, string> = {};
const SAMPLES: Record<string, (pattern: string) => string[]> = {
  slug: (p) => (p === "groups/:slug" ? [...DEMO_GROUPS.map((g) => g.slug), "no-such-group"] : ["hobart"]),
  step: () => Object.values(PATHS).map((path) => path.replace("/eligibility/", "")).filter((s) => s !== "/eligibility" && s !== "outcome"),
  id: (p) => [p.startsWith("staff/people") ? ids.user! : ids.request!],
  "*": () => ["no-such-page"],
};

function expand(pattern: string): string[] {
  let paths = [`/${pattern}`];
  for (const param of pattern.match(/:[A-Za-z]+|\*/g) ?? []) {
    const name = param.replace(/^:/, "");
    const sample = SAMPLES[name];
    if (!sample) throw new Error(`no sample value for ${param} in /${pattern}: add one to SAMPLES in tests/no-sideways-scroll.test.ts`);
    paths = paths.flatMap((p) => sample(pattern).map((v) => p.replace(param, v)));
  }
  return paths;
}

/** How far the page scrolls sideways (0 when it does not), with the widest elements when it does. */
async function overflow(page: Page): Promise<{ by: number; culprits: string[] }> {
  return page.evaluate(() => {
    const { scrollWidth, clientWidth } = document.documentElement;
    const culprits = [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > clientWidth + 0.5)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}${e.className ? `.${String(e.className).split(" ").join(".")}` : ""}`);
    return { by: scrollWidth - clientWidth, culprits };
  });
}

/** A clean page 390 px wide (signed in with `cookie`), given back when the test finishes or on `release()`. */
async function openPage(onTestFinished: OnTestFinished, js: boolean, cookie?: string): Promise<Lease> {
  const lease = await leasePage(site.browser, { js, baseURL: site.base, viewport: { width: WIDTH, height: 844 } });
  onTestFinished(lease.release);
  if (cookie) {
    const [name, ...rest] = cookie.split("=");
    await lease.context.addCookies([{ name: name!, value: rest.join("="), url: site.base }]);
  }
  return lease;
}

/** Visits each path and records any that scrolls sideways; returns where each visit landed. */
async function visitAll(page: Page, paths: string[], found: string[], label: string): Promise<string[]> {
  const landed: string[] = [];
  for (const path of paths) {
    const res = await page.goto(path);
    expect(res, path).not.toBeNull();
    landed.push(new URL(page.url()).pathname);
    const o = await overflow(page);
    if (o.by > 0) found.push(`${label} ${path} (landed on ${landed.at(-1)}): ${o.by} px too wide, ${o.culprits.join(", ")}`);
  }
  return landed;
}

const MODES = [true, false];

describe("every route at 390 px", () => {
  it("covers every page route in app/routes.ts with a sample for each parameter", () => {
    expect(PAGES.length).toBeGreaterThan(30);
    ids.request = "1";
    ids.user = "1";
    for (const r of PAGES) expect(expand(r.pattern).length, r.pattern).toBeGreaterThan(0);
  });

  for (const js of MODES) {
    it(`public pages, every demo group and each question, JavaScript ${js ? "on" : "off"}`, { timeout: 240_000 }, async ({ onTestFinished }) => {
      const { page } = await openPage(onTestFinished, js);
      const paths = PAGES.filter((r) => !needsSignIn(`/${r.pattern}`)).flatMap((r) => expand(r.pattern));
      const extra = [
        "/groups?near=Richmond",
        "/groups?near=Atlantisville",
        "/groups?near=3065",
        "/groups?near=3065&map=all",
        "/groups?region=Canterbury&format=in_person",
        "/groups?format=online&tz=America%2FLos_Angeles",
        "/groups/anz-evenings?tz=Asia%2FSingapore",
        `/groups?near=${"x".repeat(130)}`,
      ];
      expect(paths.length).toBeGreaterThan(40);
      const found: string[] = [];
      await visitAll(page, [...paths, ...extra], found, js ? "JS on" : "JS off");
      expect(found).toEqual([]);
    });
  }

  it("error states: links whose token is no token, and every public form sent empty (JavaScript off)", { timeout: 240_000 }, async ({ onTestFinished }) => {
    const { page } = await openPage(onTestFinished, false);
    const publicPaths = PAGES.filter((r) => !needsSignIn(`/${r.pattern}`) && !r.pattern.includes(":") && r.pattern !== "*").map((r) => `/${r.pattern}`);
    const found: string[] = [];
    await visitAll(page, publicPaths.map((p) => `${p}?t=not-a-token&token=not-a-token&id=not-an-id`), found, "bad token");
    // Forms sent with nothing filled in: each comes back with its errors (or moves on).
    const formPages = [...publicPaths.filter((p) => !/sign-out|start-again/.test(p)), "/eligibility/join/hobart", ...expand("eligibility/:step")];
    let sent = 0;
    for (const path of formPages) {
      await page.goto(path);
      const button = page.locator('main form[method="post" i] button[type="submit"], main form[method="post" i] button:not([type])').first();
      if (!(await button.count())) continue;
      // The next "load" event is the answer's (waitForLoadState would resolve at once: the form's own page has loaded).
      await Promise.all([page.waitForEvent("load"), button.click()]);
      sent += 1;
      const o = await overflow(page);
      if (o.by > 0) found.push(`empty form on ${path} → ${new URL(page.url()).pathname}: ${o.by} px too wide, ${o.culprits.join(", ")}`);
    }
    expect(sent).toBeGreaterThan(5);
    expect(found).toEqual([]);
  });
});

/** Answers as form posts, each journey ending on the outcome page with the reason it names. */
const FITS: Array<[string, FormFields]> = [
  ["experience", { experience: "workshops" }],
  ["practice", { practice: "paid" }],
  ["supervision", { supervision: "no" }],
  ["hopes", { hopes: ["connection", "learn_share"] }],
];
const JOURNEYS: Record<string, Array<[string, FormFields]>> = {
  no_experience: [["experience", { experience: "none" }]],
  client_only: [["experience", { experience: "client_only" }]],
  not_practising: [
    ["experience", { experience: "workshops" }],
    ["practice", { practice: "not_yet" }],
  ],
  seeking_supervision: [
    ["experience", { experience: "workshops" }],
    ["practice", { practice: "paid" }],
    ["supervision", { supervision: "yes" }],
  ],
  match: [...FITS, ["location", { country: "AU", place: "Hobart", format: "either", distanceKm: "25" }]],
  "match (online, from abroad)": [...FITS, ["location", { country: "other", place: "Berlin", format: "online" }]],
  group_full: [...FITS, ["location", { country: "AU", place: "2042", format: "in_person", distanceKm: "10" }]],
  no_group_nearby: [...FITS, ["location", { country: "AU", place: "2880", format: "in_person", distanceKm: "10" }]],
  outside_region: [...FITS, ["location", { country: "other", place: "Berlin", format: "in_person" }]],
};

describe("every outcome of the questionnaire at 390 px", () => {
  it("has a journey for every reason the outcome page can give", () => {
    const reasons = new Set(Object.keys(JOURNEYS).map((k) => k.split(" ")[0]));
    expect([...reasons].sort()).toEqual(Object.keys(wizardCopy.outcome.reasons).sort());
  });

  for (const js of MODES) {
    it(`each outcome page, JavaScript ${js ? "on" : "off"}`, { timeout: 120_000 }, async ({ onTestFinished }) => {
      const found: string[] = [];
      for (const [name, steps] of Object.entries(JOURNEYS)) {
        const visitor = new Visitor(site.base);
        for (const [step, fields] of [...steps, ["check", {}] as [string, FormFields]]) {
          const res = await visitor.post(`/eligibility/${step}`, fields);
          expect(res.status, `${name}: ${step}`).toBe(303);
        }
        const { page, release } = await openPage(onTestFinished, js, visitor.cookie);
        await page.goto(PATHS.outcome);
        expect(await page.locator("main").getAttribute("data-reasons"), name).toBe(name.split(" ")[0]);
        const o = await overflow(page);
        if (o.by > 0) found.push(`outcome ${name}: ${o.by} px too wide, ${o.culprits.join(", ")}`);
        await release();
      }
      expect(found).toEqual([]);
    });
  }
});

describe("the back office at 390 px, signed in", () => {
  for (const js of MODES) {
    it(`every convenor, staff and account page, JavaScript ${js ? "on" : "off"}`, { timeout: 240_000 }, async ({ onTestFinished }) => {
      const suffix = js ? "on" : "off";
      ids.request = String(await askToJoin(site, "hobart", { name: "Wide Screen", email: `scroll.applicant.${suffix}@example.org`, note: "A note" }));
      ids.user = String((site.db.prepare("SELECT id FROM users ORDER BY id LIMIT 1").get() as { id: number }).id);
      const convenor = await signIn(site, addAccount(site.db, `scroll.convenor.${suffix}@example.org`, "convenor", ["hobart"]));
      const staff = await signIn(site, addAccount(site.db, `scroll.staff.${suffix}@example.org`, "staff"));
      const found: string[] = [];
      const signedIn = PAGES.filter((r) => needsSignIn(`/${r.pattern}`));
      const { page: asConvenor } = await openPage(onTestFinished, js, convenor.cookie);
      const convenorPaths = signedIn.filter((r) => !r.pattern.startsWith("staff")).flatMap((r) => expand(r.pattern));
      const { page: asStaff } = await openPage(onTestFinished, js, staff.cookie);
      const staffPaths = signedIn.filter((r) => !r.pattern.startsWith("convenor")).flatMap((r) => expand(r.pattern));
      // Each page was shown signed in, not the sign-in page instead.
      expect(await visitAll(asConvenor, convenorPaths, found, "convenor")).not.toContain("/sign-in");
      expect(await visitAll(asStaff, staffPaths, found, "staff")).not.toContain("/sign-in");
      expect(convenorPaths.length + staffPaths.length).toBeGreaterThan(15);
      expect(found).toEqual([]);
    });
  }
});
