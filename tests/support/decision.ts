/**
 * What the statechart decided for a browser's wizard session, read back from
 * the SQLite file the server writes: the cookie names the session, the
 * session holds the persisted snapshot, the snapshot's output the decision
 * and the ids of the groups it matched. Tests compare the outcome page with it.
 */
import Database from "better-sqlite3";
import type { BrowserContext, Page } from "playwright-core";
import { inject } from "vitest";

export interface SavedDecision {
  outcome: string;
  reasons: string[];
  decidedBy: string;
  groups: { id: number; slug: string; how: "in_person" | "online"; km: number | null; status: "open" | "full" }[];
  ruleVersion: string;
}

/** The wizard session id inside the signed `pwcop_wizard` cookie (base64 JSON, then "." and the signature). */
export async function wizardSessionId(context: BrowserContext): Promise<string | null> {
  const cookie = (await context.cookies()).find((c) => c.name === "pwcop_wizard");
  if (!cookie) return null;
  const raw = decodeURIComponent(cookie.value);
  const payload = raw.slice(0, raw.lastIndexOf("."));
  return JSON.parse(Buffer.from(payload, "base64").toString("utf8")) as string;
}

/** The persisted snapshot of this browser's wizard, as stored. */
export async function savedSnapshot(context: BrowserContext): Promise<{ status: string; value: unknown; context: Record<string, unknown>; output?: SavedDecision } | null> {
  const id = await wizardSessionId(context);
  if (!id) return null;
  const db = new Database(inject("databasePath"), { readonly: true, fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    const row = db.prepare("SELECT snapshot FROM wizard_sessions WHERE id = ?").get(id) as { snapshot: string } | undefined;
    return row ? JSON.parse(row.snapshot) : null;
  } finally {
    db.close();
  }
}

/** The decision this browser's finished wizard recorded. */
export async function savedDecision(context: BrowserContext): Promise<SavedDecision> {
  const snap = await savedSnapshot(context);
  if (!snap?.output) throw new Error("this browser has no finished wizard in the database");
  return snap.output;
}

/** The groups the page lists, in order: [data-group-id] on each card. */
export async function listedGroupIds(page: Page): Promise<number[]> {
  return (await page.locator("main [data-group-id]").evaluateAll((els) => els.map((e) => e.getAttribute("data-group-id")))).map(Number);
}

export async function listedGroupSlugs(page: Page): Promise<string[]> {
  return page.locator("main [data-group-id]").evaluateAll((els) => els.map((e) => e.getAttribute("data-group") ?? ""));
}

/** Whether the page scrolls sideways (at the viewport it has now). */
export async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
}

/**
 * On an outcome page: the groups it lists are exactly the ids the decision
 * recorded, in its order, and it shows the decision's reason.
 */
export async function expectOutcomeListsDecision(s: { page: Page }, expect: (v: unknown, m?: string) => { toEqual(x: unknown): void; toBe(x: unknown): void }): Promise<SavedDecision> {
  const decision = await savedDecision(s.page.context());
  expect(await listedGroupIds(s.page), "the outcome page lists exactly the decision's recorded groups").toEqual(decision.groups.map((g) => g.id));
  expect(await s.page.locator("main").getAttribute("data-reasons")).toBe(decision.reasons.join(" "));
  return decision;
}
