/**
 * The wizard's server-side state: the statechart's persisted snapshot in
 * SQLite, found through an opaque id in a signed, httpOnly, SameSite=Lax cookie.
 */
import { createCookie, data, type AppLoadContext } from "@remix-run/node";
import { createActor } from "xstate";
import { eligibilityMachine } from "../../machines/eligibility";
import type { WizardSnapshot } from "../../machines/eligibility-steps";
import type { DB } from "../../db/client";
import { isCurrent, replaySnapshot } from "./upgrade.server";
import { newWizardSessionId, readWizardSnapshot, saveWizardSnapshot, WIZARD_SESSION_DAYS } from "../../db/queries/wizard-sessions";
import type { Services } from "../context";
import { wizardContent } from "../content.server";
import { appUrl } from "../utils/env.server";

// The statechart's pure steps, for this module's callers.
export { nextSnapshot, startSnapshot, type WizardSnapshot } from "../../machines/eligibility-steps";

const cookies = new Map<string, ReturnType<typeof createCookie>>();

function wizardCookie(services: Pick<Services, "secrets" | "env">) {
  const key = services.secrets.join("\u0000");
  let cookie = cookies.get(key);
  if (!cookie) {
    cookie = createCookie("pwcop_wizard", {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      // Secure whenever the site is served over HTTPS (APP_URL); plain http://localhost works as is.
      secure: appUrl(services.env).startsWith("https:"),
      secrets: services.secrets,
      maxAge: WIZARD_SESSION_DAYS * 24 * 60 * 60,
    });
    cookies.set(key, cookie);
  }
  return cookie;
}

export interface WizardSession {
  id: string;
  snapshot: WizardSnapshot;
}

/**
 * Restores a persisted snapshot; anything unreadable counts as no session.
 * One made under an older RULE_VERSION is replayed from its answers
 * (./upgrade.server.ts): `upgraded` says so, and the caller saves the result.
 */
export function restoreSnapshot(persisted: unknown, db: DB): WizardSnapshot | undefined {
  return restore(persisted, db)?.snapshot;
}

function restore(persisted: unknown, db: DB): { snapshot: WizardSnapshot; upgraded: boolean } | undefined {
  if (!persisted || typeof persisted !== "object") return undefined;
  if (!isCurrent(persisted)) {
    try {
      const snapshot = replaySnapshot(db, persisted);
      return snapshot ? { snapshot, upgraded: true } : undefined;
    } catch {
      return undefined;
    }
  }
  const snapshot = restoreCurrent(persisted);
  return snapshot ? { snapshot, upgraded: false } : undefined;
}

function restoreCurrent(persisted: unknown): WizardSnapshot | undefined {
  try {
    const actor = createActor(eligibilityMachine, { snapshot: persisted as WizardSnapshot, input: undefined });
    actor.start();
    const snapshot = actor.getSnapshot();
    actor.stop();
    return snapshot.status === "error" ? undefined : snapshot;
  } catch {
    return undefined;
  }
}

/** Session ids already read from a request's cookie: a page's loader and its save link share one check of the signature. */
const sessionIds = new WeakMap<Request, Promise<string | undefined>>();

export function readWizardSessionId(request: Request, services: Services): Promise<string | undefined> {
  let id = sessionIds.get(request);
  if (!id) {
    id = wizardCookie(services)
      .parse(request.headers.get("Cookie"))
      .then((value: unknown) => (typeof value === "string" && /^[A-Za-z0-9_-]{10,64}$/.test(value) ? value : undefined));
    sessionIds.set(request, id);
  }
  return id;
}

export async function loadWizardSession(request: Request, services: Services): Promise<WizardSession | undefined> {
  const id = await readWizardSessionId(request, services);
  if (!id) return undefined;
  const restored = restore(readWizardSnapshot(services.db, id), services.db);
  if (!restored) return undefined;
  if (restored.upgraded) saveWizardSnapshot(services.db, id, eligibilityMachine.getPersistedSnapshot(restored.snapshot));
  return { id, snapshot: restored.snapshot };
}

/**
 * Saves the snapshot under the session id (a new one if none) and returns the
 * cookie that points at it. New sessions count against the client's
 * `session` rate limit: a script cannot fill the table.
 */
export async function persistWizard(
  services: Services & Pick<AppLoadContext, "rateLimiter" | "clientAddress">,
  snapshot: WizardSnapshot,
  existingId?: string,
): Promise<{ id: string; setCookie: string }> {
  if (!existingId && services.rateLimiter?.hit("session", services.clientAddress ?? "unknown")) {
    throw data({ message: wizardContent.common.tooManySessions }, { status: 429 });
  }
  const id = existingId ?? newWizardSessionId();
  saveWizardSnapshot(services.db, id, eligibilityMachine.getPersistedSnapshot(snapshot));
  return { id, setCookie: await wizardCookie(services).serialize(id) };
}
