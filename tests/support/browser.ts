/**
 * Real Chromium for the browser tests: one browser per test file, a clean
 * page (no cookies, storage or routes) per test, JavaScript on or off, and a small
 * page object that answers the wizard by its visible labels the way a person
 * would: click the label, type the place, press Continue.
 *
 * With JavaScript on, Remix navigates client-side after a submit; every
 * helper waits for the new URL and the new page's <main> (never a fixed sleep).
 */
import { chromium, type Browser, type BrowserContext, type Locator, type Page, type Request } from "playwright-core";
import { afterAll, beforeAll, inject, type OnTestFinishedHandler } from "vitest";
import wizardCopy from "../../content/eligibility.json";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./chromium";
import { Visitor, type FormFields } from "./wizard-client";
import type { Country, DistanceKm, Experience, Format, Hope, Practice, Supervision } from "../../machines/answers";

export { CHROMIUM_ARGS, CHROMIUM_PATH };

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Launches Chromium once for the calling test file and closes it afterwards. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error("the browser is not running (useBrowser() must be called at the top of the file)");
    return browser;
  };
}

export const baseURL = () => inject("baseURL");

/** Scripts and styles that did not load, per page (a hint when a page does not hydrate). */
const failedAssets = new WeakMap<Page, string[]>();

export interface Session {
  js: boolean;
  context: BrowserContext;
  page: Page;
  wizard: Wizard;
}

/** How a test's browser page is set up: what its context is created with. */
export interface PageOptions {
  js: boolean;
  /** JavaScript on, but the app's own scripts never load: the page as the server rendered it. */
  blockScripts?: boolean;
  /** Another server than the shared one (a test file's own). */
  baseURL?: string;
  viewport?: { width: number; height: number };
  timezoneId?: string;
}

export interface Lease {
  context: BrowserContext;
  page: Page;
  /** Gives the page back, clean, for the next test (or closes it if it cannot be made clean). */
  release(): Promise<void>;
}

interface Slot {
  key: string;
  context: BrowserContext;
  page: Page;
  options: Required<PageOptions>;
}

/** Idle pages per browser, by the options they were made with. */
const idle = new WeakMap<Browser, Slot[]>();

const BLOCKED_SCRIPTS = /\/assets\/[^?]*\.js(\?.*)?$/;

async function freshSlot(browser: Browser, key: string, options: Required<PageOptions>): Promise<Slot> {
  const context = await browser.newContext({
    javaScriptEnabled: options.js,
    baseURL: options.baseURL,
    locale: "en-AU",
    timezoneId: options.timezoneId,
    viewport: options.viewport,
  });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  if (options.blockScripts) await context.route(BLOCKED_SCRIPTS, (route) => route.abort());
  return { key, context, page: await context.newPage(), options };
}

/**
 * Makes a used page as good as new for the next test: no cookies, storage,
 * routes, listeners, other tabs, media emulation or changed viewport. What
 * stays is the browser's HTTP cache, as a person's browser keeps it.
 * Returns false when that cannot be done (the test closed the page).
 */
async function reset(slot: Slot): Promise<boolean> {
  const { context, page, options } = slot;
  if (page.isClosed()) return false;
  for (const other of context.pages()) if (other !== page) await other.close();
  await page.removeAllListeners();
  await page.unrouteAll({ behavior: "ignoreErrors" });
  await context.unrouteAll({ behavior: "ignoreErrors" });
  if (options.blockScripts) await context.route(BLOCKED_SCRIPTS, (route) => route.abort());
  await context.clearCookies();
  await context.clearPermissions();
  await context.setExtraHTTPHeaders({});
  await context.setOffline(false);
  await page.emulateMedia({ media: null, colorScheme: null, reducedMotion: null, forcedColors: null });
  const size = page.viewportSize();
  if (size?.width !== options.viewport.width || size.height !== options.viewport.height) await page.setViewportSize(options.viewport);
  page.setDefaultTimeout(10_000);
  page.setDefaultNavigationTimeout(15_000);
  // Only a page whose scripts run can have stored anything.
  if (options.js && /^https?:/.test(page.url())) await page.evaluate(() => (localStorage.clear(), sessionStorage.clear()));
  return true;
}

/**
 * A page for one test. Opening a page costs Chromium far more than loading
 * one (a renderer process each), so a page a test has finished with is reset
 * (see `reset`) and lent to the next test asking for the same options.
 * `fresh` gives a page never used before: for a test that watches which
 * scripts the page requests (a used page may have them cached).
 */
export async function leasePage(browser: Browser, opts: PageOptions & { fresh?: boolean }): Promise<Lease> {
  const options: Required<PageOptions> = {
    js: opts.js,
    blockScripts: opts.blockScripts ?? false,
    baseURL: opts.baseURL ?? baseURL(),
    viewport: opts.viewport ?? { width: 1024, height: 900 },
    timezoneId: opts.timezoneId ?? "Australia/Melbourne",
  };
  const key = JSON.stringify(options);
  const slots = idle.get(browser) ?? [];
  idle.set(browser, slots);
  const at = opts.fresh ? -1 : slots.findIndex((s) => s.key === key);
  const slot = at >= 0 ? slots.splice(at, 1)[0]! : await freshSlot(browser, key, options);
  let released = false;
  return {
    context: slot.context,
    page: slot.page,
    async release() {
      if (released) return;
      released = true;
      const clean = await reset(slot).catch(() => false);
      if (clean && browser.isConnected()) slots.push(slot);
      else await slot.context.close().catch(() => {});
    },
  };
}

/**
 * A page of its own for the test (no cookies, storage or routes of another
 * test's), given back when the test finishes. Pass the test context's
 * `onTestFinished` (tests may run concurrently).
 *
 * `blockScripts` keeps JavaScript on but stops the app's own scripts from
 * loading: pages stay exactly as the server rendered them (as without
 * JavaScript), while tools that run in the page, such as axe, still work.
 */
export async function openSession(
  browser: Browser,
  {
    onTestFinished,
    cookie,
    ...options
  }: PageOptions & {
    fresh?: boolean;
    onTestFinished: (fn: OnTestFinishedHandler) => void;
    /** A session cookie (`name=value`, as a Cookie header sends it) the browser starts with: signed in. */
    cookie?: string;
  },
): Promise<Session> {
  const { context, page, release } = await leasePage(browser, options);
  onTestFinished(release);
  if (cookie) {
    const [name, ...value] = cookie.split("=");
    await context.addCookies([{ name: name!, value: value.join("="), url: options.baseURL ?? baseURL(), httpOnly: true, sameSite: "Lax" }]);
  }
  const failed: string[] = [];
  failedAssets.set(page, failed);
  page.on("response", (r) => {
    if (r.status() >= 400 && /\/assets\//.test(r.url())) failed.push(`${r.status()} ${new URL(r.url()).pathname}`);
  });
  const hydrates = options.js && !options.blockScripts;
  return { js: hydrates, context, page, wizard: new Wizard(page, hydrates, options.baseURL ?? baseURL()) };
}

/** With JavaScript on: waits until Remix has finished navigating (without, the page is already the server's answer). */
export async function settled(s: Pick<Session, "js" | "page">): Promise<void> {
  if (!s.js) return;
  await s.page.waitForFunction(
    () => (window as unknown as { __remixRouter?: { state: { navigation: { state: string } } } }).__remixRouter?.state.navigation.state === "idle",
  );
}

/** Does something that leads to another page (or the same one again), then waits for a URL `until` accepts and that page. */
export async function andWait(s: Session, act: () => Promise<void>, until: (u: URL) => boolean): Promise<void> {
  await s.wizard.markStale();
  const before = s.js ? await s.page.evaluate(() => document.body.dataset.locationKey) : undefined;
  await act();
  await s.page.waitForURL(until);
  if (!s.js) await s.page.locator("main:not([data-e2e-stale])").waitFor();
  // With JavaScript on, the URL changes before React draws the new page: wait
  // for the render that carries the new location (or for a new document).
  else await s.page.waitForFunction((key) => !document.querySelector("main[data-e2e-stale]") || document.body.dataset.locationKey !== key, before);
  await settled(s);
}

/** Presses a button whose answer is the same page with errors (a 400), and waits for `errors` to show. */
export async function submitForErrors(s: Session, press: () => Promise<void>, errors: string): Promise<void> {
  await s.wizard.markStale();
  await press();
  if (!s.js) await s.page.locator("main:not([data-e2e-stale])").waitFor();
  await s.page.locator(errors).first().waitFor();
  await settled(s);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** Matches an element whose whole text is `text` (ignoring surrounding white space). */
export const exactText = (text: string) => new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`);

/**
 * Polls `check` until it returns true (a state the page reaches shortly,
 * not a fixed sleep). Throws with `what` on timeout. Safe in concurrent tests.
 */
export async function waitUntil(check: () => Promise<boolean> | boolean, what: string, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let delay = 10;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 200);
  }
}

const steps = wizardCopy.steps;
const loc = steps.location;

/** Visible labels for the answers' stable values, from the same content the pages use. */
export const LABELS = {
  experience: (v: Experience) => steps.experience.options[v].label,
  practice: (v: Practice) => steps.practice.options[v].label,
  supervision: (v: Supervision) => steps.supervision.options[v].label,
  hopes: (v: Hope) => steps.hopes.options[v].label,
  country: (v: Country) => loc.country.options[v].label,
  format: (v: Format) => loc.format.options[v].label,
  distanceKm: (v: DistanceKm) => loc.distanceKm.options[String(v) as "10"].label,
};

export const LEGENDS = {
  country: loc.country.legend,
  format: loc.format.legend,
  distanceKm: loc.distanceKm.legend,
};

export const PATHS = {
  start: "/eligibility",
  experience: "/eligibility/experience",
  practice: "/eligibility/practice",
  supervision: "/eligibility/supervision",
  hopes: "/eligibility/hopes",
  location: "/eligibility/location",
  place: "/eligibility/place",
  check: "/eligibility/check",
  outcome: "/eligibility/outcome",
} as const;

export interface LocationAnswers {
  country: Country;
  /** Typed into "Postcode, suburb or town"; left as it is when undefined. */
  place?: string;
  format: Format;
  distanceKm?: DistanceKm;
}

/** A whole run of the questionnaire; later answers are given only if the wizard asks for them. */
export interface Journey {
  experience: Experience;
  practice?: Practice;
  supervision?: Supervision;
  hopes?: Hope[];
  location?: LocationAnswers;
  /** The label of the place to choose when the typed place is ambiguous. */
  choosePlace?: string;
}

/** Where the wizard should go after each answer of a journey (docs/rules.md, "The routing table"). */
export function expectedAfter(step: "experience" | "practice" | "supervision" | "hopes" | "location" | "place", j: Journey): string {
  switch (step) {
    case "experience":
      return j.experience === "none" || j.experience === "client_only" ? PATHS.check : PATHS.practice;
    case "practice":
      return j.practice === "not_yet" ? PATHS.check : PATHS.supervision;
    case "supervision":
      return j.supervision === "yes" ? PATHS.check : PATHS.hopes;
    case "hopes":
      return PATHS.location;
    case "location":
      return j.choosePlace ? PATHS.place : PATHS.check;
    case "place":
      return PATHS.check;
  }
}

export interface OutcomeInfo {
  outcome: string | null;
  reasons: string | null;
  reasonText: string;
}

/** The wizard, driven through its pages by label text. Works with JavaScript on and off. */
export class Wizard {
  constructor(
    readonly page: Page,
    readonly js: boolean,
    /** The server the page is on. */
    readonly base: string = baseURL(),
  ) {}

  get path(): string {
    return new URL(this.page.url()).pathname;
  }

  main(): Locator {
    return this.page.locator("main");
  }

  /** With JavaScript on: waits until React has hydrated the page (Remix's scroll restoration effect has run). */
  async ready(): Promise<void> {
    if (!this.js) return;
    try {
      await this.page.waitForFunction(
        () => !(window as unknown as { __remixContext?: unknown }).__remixContext || history.scrollRestoration === "manual",
      );
    } catch (error) {
      const missing = failedAssets.get(this.page) ?? [];
      if (missing.length) {
        throw new Error(
          `${this.path} did not hydrate: its scripts failed to load (${missing.join(", ")}). Was build/ rebuilt while the server was running?`,
        );
      }
      throw error;
    }
  }

  async goto(path: string): Promise<void> {
    await this.page.goto(path);
    await this.ready();
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await this.ready();
  }

  /** The browser's Back button; waits for the page at `expectedPath` to be shown. */
  async back(expectedPath: string): Promise<void> {
    await this.markStale();
    await this.page.goBack();
    await this.arrived(expectedPath);
  }

  /**
   * The browser's Back button, without knowing where it leads: waits until
   * the page has settled (with JavaScript on, Remix has finished loading,
   * following any redirect).
   */
  async backAndSettle(): Promise<void> {
    await this.page.goBack();
    if (!this.js) return;
    await this.ready();
    await this.page.waitForFunction(
      () => (window as unknown as { __remixRouter?: { state: { navigation: { state: string } } } }).__remixRouter?.state.navigation.state === "idle",
    );
  }

  /** Marks the current <main> so that a wait can tell the next page's <main> from it. */
  async markStale(): Promise<void> {
    await this.page
      .locator("main")
      .evaluate((m) => m.setAttribute("data-e2e-stale", ""))
      .catch(() => {});
  }

  /** Waits for `path` (pathname) and a freshly rendered <main>, hydrated when JavaScript is on. */
  async arrived(path: string): Promise<void> {
    await this.page.waitForURL((u) => u.pathname === path);
    await this.page.locator("main:not([data-e2e-stale])").waitFor();
    await this.ready();
  }

  /** The fieldset whose legend contains `legend`, or the whole <main>. */
  scope(legend?: string): Locator {
    if (!legend) return this.main();
    return this.page.locator("fieldset").filter({ has: this.page.locator("legend").filter({ hasText: legend }) });
  }

  /** The radio or checkbox input labelled exactly `label`. */
  input(label: string, legend?: string): Locator {
    return this.scope(legend).getByLabel(label, { exact: true });
  }

  /** Clicks the label of a radio or checkbox (what a person clicks). */
  async choose(label: string, legend?: string): Promise<void> {
    await this.scope(legend).locator("label").filter({ hasText: exactText(label) }).click();
    await waitUntil(() => this.input(label, legend).isChecked(), `"${label}" to be selected`);
  }

  /** Sets a checkbox to `checked` by clicking its label if needed. */
  async tick(label: string, checked = true): Promise<void> {
    if ((await this.input(label).isChecked()) !== checked) {
      await this.main().locator("label").filter({ hasText: exactText(label) }).click();
    }
    await waitUntil(async () => (await this.input(label).isChecked()) === checked, `"${label}" to be ${checked ? "ticked" : "unticked"}`);
  }

  async isChosen(label: string, legend?: string): Promise<boolean> {
    return this.input(label, legend).isChecked();
  }

  placeInput(): Locator {
    return this.page.getByLabel(loc.place.label, { exact: true });
  }

  async fillPlace(text: string): Promise<void> {
    await this.placeInput().fill(text);
  }

  button(name: string): Locator {
    return this.main().getByRole("button", { name, exact: true });
  }

  /**
   * Presses a button (Continue by default) and waits for the page at
   * `expectedPath`. Fails at once, with the messages, if the form shows errors instead.
   */
  async submit(expectedPath: string, buttonName: string = wizardCopy.common.continue): Promise<void> {
    const summary = this.page.locator(".error-summary");
    const hadErrors = (await summary.count()) > 0;
    await this.markStale();
    await this.button(buttonName).click();
    const arrived = this.arrived(expectedPath).then(() => "arrived" as const);
    // With JavaScript off, errors come back as a new page; with it on, in place.
    const errors = (this.js ? (hadErrors ? undefined : summary) : this.page.locator("main:not([data-e2e-stale]) .error-summary"))
      ?.waitFor()
      .then(() => "errors" as const);
    const first = await Promise.race(errors ? [arrived, errors.catch(() => arrived)] : [arrived]);
    if (first === "errors" && new URL(this.page.url()).pathname !== expectedPath) {
      arrived.catch(() => {});
      const messages = await summary.locator("li").allTextContents();
      throw new Error(`Pressing "${buttonName}" on ${this.path} should lead to ${expectedPath}, but the page shows errors: ${messages.join(" | ")}`);
    }
    await arrived;
  }

  /** Presses a button expecting the same page back with an error summary. */
  async submitExpectingErrors(buttonName: string = wizardCopy.common.continue): Promise<void> {
    const path = this.path;
    await this.markStale();
    await this.button(buttonName).click();
    if (!this.js) await this.page.locator("main:not([data-e2e-stale])").waitFor();
    await this.page.locator(".error-summary").waitFor();
    if (this.path !== path) throw new Error(`expected to stay on ${path}, but went to ${this.path}`);
  }

  /** Follows a link (by accessible name) and waits for `expectedPath`. */
  async followLink(name: string | RegExp, expectedPath: string): Promise<void> {
    await this.markStale();
    await this.page.getByRole("link", { name, exact: typeof name === "string" ? true : undefined }).first().click();
    await this.arrived(expectedPath);
  }

  /** From the start page (or anywhere with a "Start now" button-link) to the first question. */
  async start(): Promise<void> {
    await this.goto(PATHS.start);
    await this.markStale();
    await this.page.getByRole("button", { name: wizardCopy.start.button }).click();
    await this.arrived(PATHS.experience);
  }

  async answerExperience(v: Experience, next: string): Promise<void> {
    await this.choose(LABELS.experience(v));
    await this.submit(next);
  }

  async answerPractice(v: Practice, next: string): Promise<void> {
    await this.choose(LABELS.practice(v));
    await this.submit(next);
  }

  async answerSupervision(v: Supervision, next: string): Promise<void> {
    await this.choose(LABELS.supervision(v));
    await this.submit(next);
  }

  async answerHopes(hopes: Hope[], next: string): Promise<void> {
    for (const h of Object.keys(steps.hopes.options) as Hope[]) await this.tick(LABELS.hopes(h), hopes.includes(h));
    await this.submit(next);
  }

  /** Fills in the location question (without submitting). */
  async fillLocation(l: LocationAnswers): Promise<void> {
    await this.choose(LABELS.country(l.country), LEGENDS.country);
    if (l.place !== undefined) await this.fillPlace(l.place);
    await this.choose(LABELS.format(l.format), LEGENDS.format);
    if (l.distanceKm !== undefined) await this.choose(LABELS.distanceKm(l.distanceKm), LEGENDS.distanceKm);
  }

  async answerLocation(l: LocationAnswers, next: string): Promise<void> {
    await this.fillLocation(l);
    await this.submit(next);
  }

  async choosePlace(label: string, next: string = PATHS.check): Promise<void> {
    await this.choose(label);
    await this.submit(next);
  }

  /**
   * Answers a journey from the first question to the check page (or to the
   * location question when the journey has no location), checking
   * each step goes where the routing says. `onPage` runs on every page reached.
   */
  async answerAll(j: Journey, onPage?: (path: string) => Promise<void>): Promise<void> {
    const visit = async () => {
      if (onPage) await onPage(this.path);
    };
    if (this.path !== PATHS.experience) await this.goto(PATHS.experience);
    await visit();
    await this.answerExperience(j.experience, expectedAfter("experience", j));
    await visit();
    if (this.path === PATHS.check) return;
    await this.answerPractice(j.practice!, expectedAfter("practice", j));
    await visit();
    if (this.path === PATHS.check) return;
    await this.answerSupervision(j.supervision!, expectedAfter("supervision", j));
    await visit();
    if (this.path === PATHS.check) return;
    await this.answerHopes(j.hopes ?? [], expectedAfter("hopes", j));
    await visit();
    // A journey without a location stops on the location question.
    if (!j.location) return;
    await this.answerLocation(j.location, expectedAfter("location", j));
    await visit();
    if (this.path === PATHS.place) {
      await this.choosePlace(j.choosePlace!, PATHS.check);
      await visit();
    }
  }

  /**
   * Where `answerAll(j)` ends, reached without its pages: the answers are
   * posted over HTTP as the forms post them, the wizard's cookie is handed
   * to this browser, and the last page is opened. For tests whose subject
   * comes after the questions; walking through them in the browser is
   * tested by the tests that do it (tests/wizard.test.ts, "reaches …").
   */
  async answeredOverHttp(j: Journey): Promise<void> {
    if (j.choosePlace) throw new Error("answeredOverHttp: a journey that chooses between places walks through the pages");
    const visitor = new Visitor(this.base);
    const fields: Record<string, FormFields> = {
      experience: { experience: j.experience },
      practice: { practice: j.practice ?? "" },
      supervision: { supervision: j.supervision ?? "" },
      hopes: { hopes: j.hopes ?? [] },
      location: j.location
        ? { country: j.location.country, place: j.location.place ?? "", format: j.location.format, ...(j.location.distanceKm === undefined ? {} : { distanceKm: String(j.location.distanceKm) }) }
        : {},
    };
    let next: string = PATHS.experience;
    for (const step of ["experience", "practice", "supervision", "hopes", "location"] as const) {
      // A journey without a location stops on the location question, as answerAll does.
      if (next === PATHS.check || (step === "location" && !j.location)) break;
      const res = await visitor.post(`/eligibility/${step}`, fields[step]!);
      next = new URL(res.headers.get("location") ?? "", visitor.baseURL).pathname;
      if (res.status !== 303 || next !== expectedAfter(step, j)) throw new Error(`answering ${step} over HTTP: ${res.status} to ${next}, expected ${expectedAfter(step, j)}`);
    }
    const [name, ...value] = visitor.cookie.split("=");
    await this.page.context().addCookies([{ name: name!, value: value.join("="), url: visitor.baseURL, httpOnly: true, sameSite: "Lax" }]);
    await this.goto(next);
  }

  /** On the check page: "See my result". */
  async seeResult(): Promise<void> {
    await this.submit(PATHS.outcome, wizardCopy.check.button);
  }

  async outcome(): Promise<OutcomeInfo> {
    const main = this.main();
    return {
      outcome: await main.getAttribute("data-outcome"),
      reasons: await main.getAttribute("data-reasons"),
      reasonText: ((await main.locator("[data-reason-text]").textContent()) ?? "").trim(),
    };
  }

  /** The check page's rows as { label: value }. */
  async checkAnswers(): Promise<Record<string, string>> {
    return this.page.locator(".summary-list__row").evaluateAll((rows) =>
      Object.fromEntries(
        rows.map((r) => [
          (r.querySelector(".summary-list__key")?.textContent ?? "").trim(),
          Array.from(r.querySelectorAll(".summary-list__value li")).length
            ? Array.from(r.querySelectorAll(".summary-list__value li"))
                .map((li) => (li.textContent ?? "").trim())
                .join("; ")
            : (r.querySelector(".summary-list__value")?.textContent ?? "").replace(/\s+/g, " ").trim(),
        ]),
      ),
    );
  }

  /** Which element has focus: a short description for assertions and error messages. */
  async focused(): Promise<string> {
    return this.page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return "body";
      const name = el.getAttribute("name");
      const value = (el as HTMLInputElement).value;
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.className ? `.${String(el.className).split(" ").join(".")}` : ""}${name ? `[name=${name}]` : ""}${name && value ? `[value=${value}]` : ""}`;
    });
  }

  /**
   * With JavaScript on: waits until a question's client validation
   * (form-enhancer and the step's schema, loaded on first focus) is in place.
   * Focuses the form's first field to start loading it, then imports those
   * scripts itself: an import() resolves only once the module has run, and
   * the form binds itself in the same turn.
   */
  async clientValidationReady(requests: Request[]): Promise<void> {
    if (!this.js) return;
    await this.main().locator("form input:not([type=hidden]), form textarea").first().focus();
    const scripts = () => requests.map((r) => r.url()).filter((u) => /\/assets\/[^/]+\.js$/.test(u));
    await waitUntil(
      () => scripts().some((u) => /\/form-enhancer-[^/]*\.js$/.test(u)) && scripts().some((u) => /\/schemas-[^/]*\.js$/.test(u)),
      "the form-enhancer and schemas scripts to be requested",
    );
    // A string, so that the test runner's transform leaves this import() alone.
    await this.page.evaluate(`Promise.all(${JSON.stringify([...new Set(scripts())])}.map((u) => import(u))).then(() => true)`);
  }
}

/** Records every request the page sends (for "no POST was sent" assertions). */
export function recordRequests(page: Page): Request[] {
  const requests: Request[] = [];
  page.on("request", (r) => requests.push(r));
  return requests;
}

/**
 * Keyboard only: presses Tab (or Shift+Tab) until the focused element
 * matches `selector`, and fails with the focus trail otherwise.
 */
export async function tabTo(page: Page, selector: string, { backwards = false, max = 60 } = {}): Promise<void> {
  const trail: string[] = [];
  // One round trip per key press: whether focus matches, and where it is (for the trail).
  const whereFocus = () =>
    page.evaluate((sel) => {
      const el = document.activeElement;
      const name = el ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.getAttribute("name") ? `[name=${el.getAttribute("name")}]` : ""}` : "none";
      return { matches: el?.matches(sel) ?? false, name };
    }, selector);
  if ((await whereFocus()).matches) return;
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
    const focus = await whereFocus();
    if (focus.matches) return;
    trail.push(focus.name);
  }
  throw new Error(`Could not reach ${selector} with ${backwards ? "Shift+Tab" : "Tab"}; focus went: ${trail.join(" → ")}`);
}

/**
 * Keyboard only: Tab into a radio group, then arrow keys to `value`, then
 * Space (so the first option is selected too).
 */
export async function chooseRadioByKeyboard(page: Page, name: string, value: string): Promise<void> {
  await tabTo(page, `input[type=radio][name="${name}"]`);
  for (let i = 0; i < 10; i++) {
    const v = await page.evaluate(() => (document.activeElement as HTMLInputElement).value);
    if (v === value) break;
    await page.keyboard.press("ArrowDown");
  }
  await page.keyboard.press("Space");
  const [focusedValue, checked] = await page.evaluate(() => [(document.activeElement as HTMLInputElement).value, (document.activeElement as HTMLInputElement).checked] as const);
  if (focusedValue !== value || !checked) throw new Error(`keyboard: expected ${name}=${value} to be focused and selected, got ${focusedValue} (checked: ${checked})`);
}
