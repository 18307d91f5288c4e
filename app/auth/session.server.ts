/**
 * Who is signed in, and what they may see. Every back-office route declares
 * which of these applies (./access.ts), and withAccess (./access.server.ts)
 * calls it before that route's loader or action runs (not only a layout's):
 *
 * - `requireUser`: signed in, or redirected to /sign-in;
 * - `requireStaff`: staff, or 403;
 * - `requireConvenorOf(groupId)`: a convenor of that group, or staff; anyone
 *   else gets 404 and learns nothing about the record.
 *
 * Sessions are rows in SQLite (revocable, listed on /account); the cookie,
 * signed, HttpOnly and SameSite=Lax, carries only the session's random id.
 */
import { createCookie, data, redirect, type AppLoadContext } from "@remix-run/node";
import { writeTransaction } from "../../db/client";
import { convenedGroupIds, createSession, deleteSession, getSession, getUser, isConvenorOf, touchSession, type User } from "../../db/queries/users";
import type { Services } from "../context";
import { appUrl } from "../utils/env.server";
import { DAY_MS } from "../utils/duration";
import { accountContent } from "./content.server";

/** A session ends after this long without use... */
export const SESSION_IDLE_MS = 3 * DAY_MS;
/** ...and this long after sign-in, whatever happens. */
export const SESSION_MAX_MS = 30 * DAY_MS;
/** last_seen_at is written at most this often per session. */
const TOUCH_EVERY_MS = 5 * 60_000;

export const SIGN_IN_PATH = "/sign-in";

const cookies = new Map<string, ReturnType<typeof createCookie>>();

function sessionCookie(services: Pick<Services, "secrets" | "env">) {
  const key = services.secrets.join("\u0000");
  let cookie = cookies.get(key);
  if (!cookie) {
    cookie = createCookie("pwcop_session", {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: appUrl(services.env).startsWith("https:"),
      secrets: services.secrets,
      maxAge: SESSION_MAX_MS / 1000,
    });
    cookies.set(key, cookie);
  }
  return cookie;
}

export interface SignedIn {
  user: User;
  sessionId: string;
}

const signedInByRequest = new WeakMap<Request, Promise<SignedIn | null>>();

/** The signed-in user, or null. Expired sessions are deleted on sight. Once per request. */
export function getSignedIn(request: Request, context: Services, now = new Date()): Promise<SignedIn | null> {
  let found = signedInByRequest.get(request);
  if (!found) {
    found = (async () => {
      const id: unknown = await sessionCookie(context).parse(request.headers.get("Cookie"));
      if (typeof id !== "string" || id.length > 64) return null;
      const session = getSession(context.db, id);
      if (!session) return null;
      const t = now.getTime();
      if (Date.parse(session.expiresAt) <= t || Date.parse(session.lastSeenAt) + SESSION_IDLE_MS <= t) {
        deleteSession(context.db, id);
        return null;
      }
      const user = getUser(context.db, session.userId);
      if (!user) return null;
      if (Date.parse(session.lastSeenAt) + TOUCH_EVERY_MS <= t) touchSession(context.db, id, now);
      return { user, sessionId: id };
    })();
    signedInByRequest.set(request, found);
  }
  return found;
}

export async function requireUser(request: Request, context: Services): Promise<SignedIn> {
  const signedIn = await getSignedIn(request, context);
  if (!signedIn) {
    const url = new URL(request.url);
    const back = url.pathname + url.search;
    throw redirect(`${SIGN_IN_PATH}?redirectTo=${encodeURIComponent(back)}`, { status: 303, headers: { "Cache-Control": "no-store" } });
  }
  return signedIn;
}

export const forbidden = () => data({ message: accountContent.forbidden.text, title: accountContent.forbidden.title }, { status: 403 });
/** For records the user may not see: the same answer as a record that does not exist. */
export const notFound = () => data({ message: null }, { status: 404 });

export async function requireStaff(request: Request, context: Services): Promise<SignedIn> {
  const signedIn = await requireUser(request, context);
  if (signedIn.user.role !== "staff") throw forbidden();
  return signedIn;
}

/** Signed in as a convenor (of any group) or staff. */
export async function requireBackOffice(request: Request, context: Services): Promise<SignedIn> {
  const signedIn = await requireUser(request, context);
  if (signedIn.user.role !== "staff" && convenedGroupIds(context.db, signedIn.user.id).length === 0) throw forbidden();
  return signedIn;
}

/** Staff, or a convenor of this group; anyone else gets 404. */
export async function requireConvenorOf(request: Request, context: Services, groupId: number | undefined | null): Promise<SignedIn> {
  const signedIn = await requireUser(request, context);
  if (groupId == null || !Number.isInteger(groupId)) throw notFound();
  if (signedIn.user.role === "staff" || isConvenorOf(context.db, signedIn.user.id, groupId)) return signedIn;
  throw notFound();
}

/** The groups a user may see: every group for staff (null), else the ones they convene. */
export function visibleGroupIds(context: Services, user: User): number[] | null {
  return user.role === "staff" ? null : convenedGroupIds(context.db, user.id);
}

/** Starts a new session (a new id at every sign-in) and returns its Set-Cookie header. */
export async function startSession(context: Services & Pick<AppLoadContext, never>, userId: number, userAgent: string, now = new Date()): Promise<string> {
  const id = writeTransaction(context.db, () => createSession(context.db, userId, new Date(now.getTime() + SESSION_MAX_MS), userAgent, now));
  return sessionCookie(context).serialize(id);
}

/** Ends this session; returns the Set-Cookie header that clears the cookie. */
export async function endSession(context: Services, sessionId: string | null): Promise<string> {
  if (sessionId) deleteSession(context.db, sessionId);
  return sessionCookie(context).serialize("", { maxAge: 0 });
}
