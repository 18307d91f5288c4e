/**
 * Passwordless sign-in that works without JavaScript. `/sign-in` takes an
 * address and emails a 6-digit code and a link; `/sign-in/code` takes the
 * code. The link only opens that page with the code filled in: pressing the
 * button signs in (mail scanners follow links), on whichever device opened it.
 *
 * Known and unknown addresses get the same answer and the same next page; a
 * pending sign-in row is made for both, and only a known address is emailed.
 * Codes: 15 minutes, single use, 5 tries, kept only as an HMAC; at most 5
 * per address an hour (app/email/recipient-caps.ts): past the cap the page
 * looks the same, nothing is sent and the pending row signs no one in (like
 * an unknown address's); and the `signin` rate-limit tier per client.
 */
import crypto from "node:crypto";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { writeTransaction } from "../../db/client";
import { appendAudit } from "../../db/queries/audit";
import { countSignInAttempt, deleteUserSessions, emailKey, findUserByEmail, getSignInCode, insertSignInCode, listUserSessions, useSignInCode } from "../../db/queries/users";
import type { Services } from "../context";
import { fill } from "../content.server";
import { formatDateTime } from "../utils/dates";
import { link, queueEmail } from "../email/outbox.server";
import { echo, field, readForm } from "../forms/form-data.server";
import { fieldErrors } from "../forms/fields";
import { accountContent } from "./content.server";
import { codeSchema, signInSchema } from "./schema";
import { safeRedirect } from "./safe-redirect";
import type { Granted } from "./access.server";
import { endSession, getSignedIn, SIGN_IN_PATH, startSession } from "./session.server";

export const CODE_PATH = `${SIGN_IN_PATH}/code`;
export const CODE_MINUTES = 15;
export const MAX_CODE_ATTEMPTS = 5;
const NO_STORE = { "Cache-Control": "no-store" };

/** Where a signed-in user lands by default. */
export const BACK_OFFICE_HOME = "/convenor";

const hashCode = (secret: string, id: string, code: string) => crypto.createHmac("sha256", secret).update(`sign-in:${id}:${code}`).digest("base64url");

function codeMatches(secrets: string[], id: string, code: string, stored: string): boolean {
  const given = Buffer.from(stored);
  return secrets.some((secret) => {
    const expected = Buffer.from(hashCode(secret, id, code));
    return expected.length === given.length && crypto.timingSafeEqual(expected, given);
  });
}

const withRedirect = (path: string, redirectTo: string | null) =>
  redirectTo && redirectTo !== BACK_OFFICE_HOME ? `${path}${path.includes("?") ? "&" : "?"}redirectTo=${encodeURIComponent(redirectTo)}` : path;

export interface SignInActionData {
  errors: Record<string, string>;
  values: Record<string, string | string[]>;
}

export async function signInLoader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"), BACK_OFFICE_HOME);
  const signedIn = await getSignedIn(request, context);
  if (signedIn) throw redirect(redirectTo, { status: 303, headers: NO_STORE });
  return data({ copy: accountContent.signIn, signedOut: url.searchParams.get("signedOut") === "1", redirectTo }, { headers: NO_STORE });
}

export async function signInAction({ request, context }: ActionFunctionArgs) {
  const raw = await readForm(request);
  const redirectTo = safeRedirect(field(raw, "redirectTo"), BACK_OFFICE_HOME);
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return data<SignInActionData>({ errors: fieldErrors(parsed.error), values: echo(raw, signInSchema) }, { status: 400, headers: NO_STORE });
  const id = issueSignInCode(context, parsed.data.email);
  throw redirect(withRedirect(`${CODE_PATH}?id=${id}`, redirectTo), { status: 303, headers: NO_STORE });
}

/** Makes a pending sign-in for the address and, if it has an account, emails the code. Returns the pending sign-in's id. */
export function issueSignInCode(context: Pick<Services, "db" | "env" | "secrets">, email: string, now = new Date()): string {
  const { db, env, secrets } = context;
  const id = crypto.randomBytes(16).toString("base64url");
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, "0");
  writeTransaction(db, () => {
    const user = findUserByEmail(db, email);
    // A code the per-address cap keeps from being emailed must not work either: otherwise
    // anyone could make unlimited codes for an account and guess 5 times at each.
    const emailed =
      user &&
      !queueEmail(db, env, {
        kind: "auth.code",
        to: user.email,
        vars: { code, minutes: CODE_MINUTES, signInUrl: link(env, `${CODE_PATH}?id=${id}&code=${code}`) },
      }).capped;
    insertSignInCode(db, {
      id,
      emailKey: emailKey(email),
      userId: emailed ? user.id : null,
      codeHash: hashCode(secrets[0]!, id, code),
      expiresAt: new Date(now.getTime() + CODE_MINUTES * 60_000),
      now,
    });
  });
  return id;
}

export async function codeLoader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const id = url.searchParams.get("id") ?? "";
  const code = url.searchParams.get("code") ?? "";
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"), BACK_OFFICE_HOME);
  const signedIn = await getSignedIn(request, context);
  if (signedIn && !code) throw redirect(redirectTo, { status: 303, headers: NO_STORE });
  const copy = accountContent.code;
  const fromLink = /^\d{6}$/.test(code);
  return data(
    {
      copy,
      title: fromLink ? copy.fromLinkTitle : copy.title,
      lead: fromLink ? copy.fromLinkLead : copy.lead,
      id: id.slice(0, 64),
      code: fromLink ? code : "",
      redirectTo,
      newCodeHref: withRedirect(SIGN_IN_PATH, redirectTo),
    },
    { headers: { ...NO_STORE, "Referrer-Policy": "no-referrer" } },
  );
}

type CodeCheck = { ok: true; userId: number; email: string } | { ok: false; error: "wrong" | "locked" };

export async function codeAction({ request, context }: ActionFunctionArgs) {
  const raw = await readForm(request);
  const redirectTo = safeRedirect(field(raw, "redirectTo"), BACK_OFFICE_HOME);
  const parsed = codeSchema.safeParse(raw);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    // No pending sign-in (the page opened without its id): like a used code, and said next to the one field there is.
    if (errors.id) return data<SignInActionData>({ errors: { code: "locked" }, values: { ...echo(raw, codeSchema), code: "" } }, { status: 410, headers: NO_STORE });
    return data<SignInActionData>({ errors, values: echo(raw, codeSchema) }, { status: 400, headers: NO_STORE });
  }
  const { db, secrets } = context;
  const { id } = parsed.data;
  const code = parsed.data.code.replace(/\s/g, "");
  const now = new Date();

  const check = writeTransaction(db, (): CodeCheck => {
    const row = getSignInCode(db, id);
    if (!row || row.usedAt || row.expiresAt <= now.toISOString() || row.attempts >= MAX_CODE_ATTEMPTS) return { ok: false, error: "locked" };
    if (!row.userId || !codeMatches(secrets, id, code, row.codeHash)) {
      countSignInAttempt(db, id);
      return { ok: false, error: row.attempts + 1 >= MAX_CODE_ATTEMPTS ? "locked" : "wrong" };
    }
    useSignInCode(db, id, now);
    appendAudit(db, { actorUserId: row.userId, actor: row.emailKey, action: "signed_in", subjectType: "user", subjectId: row.userId }, now);
    return { ok: true, userId: row.userId, email: row.emailKey };
  });

  if (!check.ok) {
    return data<SignInActionData>({ errors: { code: check.error }, values: { ...echo(raw, codeSchema), code: "" } }, { status: check.error === "locked" ? 410 : 400, headers: NO_STORE });
  }
  // A new session id at every sign-in; any session this browser had is ended.
  const previous = await getSignedIn(request, context);
  if (previous) await endSession(context, previous.sessionId);
  const setCookie = await startSession(context, check.userId, request.headers.get("User-Agent") ?? "", now);
  context.logger.info("signed in", { userId: check.userId });
  throw redirect(redirectTo, { status: 303, headers: { ...NO_STORE, "Set-Cookie": setCookie } });
}

/** POST /sign-out: ends this session. */
export async function signOutAction({ request, context }: ActionFunctionArgs) {
  const signedIn = await getSignedIn(request, context);
  if (signedIn) {
    appendAudit(context.db, { actorUserId: signedIn.user.id, actor: signedIn.user.email, action: "signed_out", subjectType: "user", subjectId: signedIn.user.id });
  }
  const setCookie = await endSession(context, signedIn?.sessionId ?? null);
  throw redirect(`${SIGN_IN_PATH}?signedOut=1`, { status: 303, headers: { ...NO_STORE, "Set-Cookie": setCookie } });
}

/** GET /account: who you are and where you are signed in. */
export async function accountLoader({ context }: LoaderFunctionArgs, { user, sessionId }: Granted) {
  const copy = accountContent.account;
  const sessions = listUserSessions(context.db, user.id).map((s) => ({
    current: s.id === sessionId,
    key: s.createdAt,
    createdAt: formatDateTime(s.createdAt),
    lastSeenAt: formatDateTime(s.lastSeenAt),
    device: describeAgent(s.userAgent) ?? copy.unknownDevice,
  }));
  return data({ copy, lead: fill(copy.lead, { email: user.email, role: copy.roles[user.role] }), sessions }, { headers: NO_STORE });
}

/** POST /account: "sign out everywhere" ends every session of this user, this one too. */
export async function accountAction({ request, context }: ActionFunctionArgs, { user }: Granted) {
  const raw = await readForm(request);
  if (field(raw, "intent") !== "sign-out-everywhere") throw data({ message: null }, { status: 400 });
  const ended = writeTransaction(context.db, () => {
    const n = deleteUserSessions(context.db, user.id);
    appendAudit(context.db, { actorUserId: user.id, actor: user.email, action: "signed_out_everywhere", subjectType: "user", subjectId: user.id, detail: { sessions: n } });
    return n;
  });
  context.logger.info("signed out everywhere", { userId: user.id, sessions: ended });
  const setCookie = await endSession(context, null);
  throw redirect(`${SIGN_IN_PATH}?signedOut=1`, { status: 303, headers: { ...NO_STORE, "Set-Cookie": setCookie } });
}

/** A short, non-identifying name for a browser ("Firefox on Android"), from its User-Agent. */
export function describeAgent(ua: string): string | null {
  const browser = /Edg\//.test(ua) ? "Edge" : /Firefox\//.test(ua) ? "Firefox" : /Chrome\/|Chromium\//.test(ua) ? "Chrome" : /Safari\//.test(ua) ? "Safari" : null;
  const os = /Android/.test(ua) ? "Android" : /iPhone|iPad/.test(ua) ? "iOS" : /Windows/.test(ua) ? "Windows" : /Mac OS X/.test(ua) ? "macOS" : /Linux/.test(ua) ? "Linux" : null;
  if (!browser && !os) return null;
  return [browser, os].filter(Boolean).join(" on ");
}
