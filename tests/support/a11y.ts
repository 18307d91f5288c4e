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
 */
import axe, { type AxeResults, type Result } from "axe-core";
import type { Page } from "playwright-core";

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

/** axe on the page as it is now (once its styles apply): the violations, described; [] when clean. */
export async function axeViolations(page: Page): Promise<string[]> {
  await stylesApplied(page);
  if (!(await page.evaluate(() => typeof (window as { axe?: { run?: unknown } }).axe?.run === "function"))) await page.evaluate(axe.source);
  const results = await page.evaluate(
    (tags) => (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: "tag", values: tags } }),
    AXE_TAGS,
  );
  return describeViolations((results as AxeResults).violations);
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
