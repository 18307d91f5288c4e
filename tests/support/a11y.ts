/**
 * axe for the browser tests: one set of rules, one readable report, and one
 * wait so that axe never measures a page before its stylesheet applies.
 *
 * Without JavaScript a form's answer is a new document; a test can see its
 * `<main>` while the stylesheet is still loading (parsing does not wait for
 * CSS). Measured then, every link is an unstyled inline box and `target-size`
 * fails on all of them. `stylesApplied` waits for the document's load event
 * and for every stylesheet link to have its sheet.
 *
 * axe-core runs in the page itself: its source is put into the document once
 * (again only after a navigation replaced it) and `axe.run` checks the whole
 * document. @axe-core/playwright's AxeBuilder gives the same results with the
 * same rules, but splits each run into per-frame parts and assembles them in
 * an extra blank page, which took about twice as long per check here; these
 * pages have no frames, so there is nothing to assemble.
 *
 * axe's verdict depends only on what the page is: its markup, the state of
 * its fields, focus and hover, and the viewport (the stylesheets are part of
 * the markup, by their hashed names). The same page reached again, with
 * JavaScript on and off or in another test file, is checked once per run:
 * the verdict is kept under a hash of all of that, in memory and, for the
 * other test files, in the run's directory (AXE_VERDICTS_ENV).
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import axe, { type AxeResults, type Result } from "axe-core";
import type { Page } from "playwright-core";

/** Where this run keeps axe's verdicts, by page (set by tests/global-setup.ts). */
export const AXE_VERDICTS_ENV = "PWCOP_TEST_AXE_VERDICTS";

/** WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** Resolves once the current document has loaded and every stylesheet it links to applies. */
export async function stylesApplied(page: Page): Promise<void> {
  await page.waitForLoadState("load");
  await page.waitForFunction(() =>
    [...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')].every((link) => link.sheet !== null),
  );
}

/** One entry per violation, with every offending element, readable in a test failure. */
export function describeViolations(violations: Result[]): string[] {
  return violations.map((v) =>
    [
      `${v.id} (${v.impact ?? "no impact given"}): ${v.help}`,
      `  ${v.helpUrl}`,
      ...v.nodes.flatMap((n) => [
        `  - ${n.target.map(String).join(" ")}`,
        `    ${n.html.length > 300 ? `${n.html.slice(0, 300)}…` : n.html}`,
        ...(n.failureSummary ?? "").split("\n").map((line) => `    ${line}`),
      ]),
    ].join("\n"),
  );
}

/**
 * Everything axe's verdict depends on, hashed: the markup (without what
 * changes on every response or navigation: CSP nonces, Remix's location
 * key), each field's value and checkedness, what has focus and what the
 * pointer is over, and the viewport.
 */
async function pageState(page: Page): Promise<string> {
  const state = await page.evaluate(() => {
    const describe = (el: Element | null) => {
      const path: string[] = [];
      for (let e = el; e && e !== document.documentElement; e = e.parentElement) path.unshift(`${e.tagName}:${Array.prototype.indexOf.call(e.parentElement?.children ?? [], e)}`);
      return path.join("/");
    };
    const fields = [...document.querySelectorAll<HTMLInputElement>("input, select, textarea")].map((f) => `${f.checked ? 1 : 0}${f.value}`);
    const hovered = [...document.querySelectorAll(":hover")].at(-1) ?? null;
    return JSON.stringify([
      innerWidth,
      innerHeight,
      document.documentElement.outerHTML.replace(/ nonce="[^"]*"/g, "").replace(/ data-location-key="[^"]*"/g, ""),
      fields,
      describe(document.activeElement),
      describe(hovered),
    ]);
  });
  return createHash("sha256").update(state).digest("hex");
}

const verdicts = new Map<string, string[]>();

function remembered(key: string): string[] | undefined {
  const known = verdicts.get(key);
  if (known) return known;
  const dir = process.env[AXE_VERDICTS_ENV];
  if (!dir) return undefined;
  try {
    return JSON.parse(readFileSync(path.join(dir, `${key}.json`), "utf8")) as string[];
  } catch {
    return undefined;
  }
}

function remember(key: string, found: string[]): void {
  verdicts.set(key, found);
  const dir = process.env[AXE_VERDICTS_ENV];
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  // Written whole, then renamed: another test file never reads half a verdict.
  const file = path.join(dir, `${key}.json`);
  writeFileSync(`${file}.${process.pid}`, JSON.stringify(found));
  renameSync(`${file}.${process.pid}`, file);
}

/** axe on the page as it is now (once its styles apply): the violations, described; [] when clean. */
export async function axeViolations(page: Page): Promise<string[]> {
  await stylesApplied(page);
  const key = await pageState(page);
  const known = remembered(key);
  if (known) return known;
  if (!(await page.evaluate(() => typeof (window as { axe?: { run?: unknown } }).axe?.run === "function"))) await page.evaluate(axe.source);
  const results = await page.evaluate(
    // Only violations are read: axe still runs every rule, but lists no passing or incomplete nodes.
    (tags) => (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
    AXE_TAGS,
  );
  const found = describeViolations((results as AxeResults).violations);
  remember(key, found);
  return found;
}

export interface Widths {
  scrollWidth: number;
  clientWidth: number;
  /** The innermost elements reaching past the right edge (up to five), to say what overflows. */
  overflowing: string[];
}

/** The page's widths at 390 px (a small phone), measured once its styles apply; then the viewport it had before. */
export async function widthsAt390(page: Page): Promise<Widths> {
  await stylesApplied(page);
  const before = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  const widths = await page.evaluate(() => {
    const { scrollWidth, clientWidth } = document.documentElement;
    const wide = [...document.querySelectorAll("body *")].filter((el) => el.getBoundingClientRect().right > clientWidth + 1);
    const innermost = wide.filter((el) => !wide.some((other) => other !== el && el.contains(other)));
    const overflowing = innermost
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(" ").join(".")}` : ""}`);
    return { scrollWidth, clientWidth, overflowing };
  });
  if (before) await page.setViewportSize(before);
  return widths;
}
