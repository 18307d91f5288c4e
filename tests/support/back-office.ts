/**
 * The back office over HTTP, for tests: accounts added straight to the
 * server's SQLite file, signing in as a person does (POST /sign-in, the
 * 6-digit code read from the email at the test SMTP server, POST
 * /sign-in/code), and a client that sends the session cookie and follows no
 * redirect. Each sign-in uses one of an address's 5 codes an hour.
 */
import type Database from "better-sqlite3";
import { linkTo, mailTo, waitFor } from "./inbox";
import type { MailSite } from "./mail-site";
import { FITTING_ANSWERS, isJoinSent, postJoin, Visitor, type FormFields, type JoinDetails } from "./wizard-client";

export const SIGN_IN_SUBJECT = "Your PWCOP sign-in code";

/** The demo accounts (db/seed.ts): staff, and the convenors of Hobart and Auckland. */
export const DEMO = {
  staff: "demo.staff@example.org",
  hobart: "ruth.convenor@example.org",
  auckland: "aroha.convenor@example.org",
} as const;

/** Adds an account; with `convenes`, makes it a convenor of those groups (by slug). Returns the address. */
export function addAccount(db: Database.Database, email: string, role: "convenor" | "staff" = "convenor", convenes: string[] = []): string {
  const { id } = db.prepare("INSERT INTO users (email, name, role) VALUES (?, ?, ?) RETURNING id").get(email, "Test", role) as { id: number };
  for (const slug of convenes) {
    db.prepare("INSERT INTO group_convenors (group_id, user_id) SELECT id, ? FROM groups WHERE slug = ?").run(id, slug);
  }
  return email;
}

/** The 6-digit code emailed for the pending sign-in `id` (from /sign-in's redirect or the code page's address). */
export async function emailedCode(site: Pick<MailSite, "smtp">, email: string, id: string): Promise<string> {
  const mail = await waitFor(
    `the sign-in code for ${email}`,
    () => mailTo(site.smtp, email).find((m) => m.subject === SIGN_IN_SUBJECT && new URL(linkTo(m, "/sign-in/code")).searchParams.get("id") === id),
    15_000,
  );
  const code = /^(\d{6})$/m.exec(mail.text)?.[1];
  if (!code) throw new Error(`no 6-digit code in the email to ${email}`);
  return code;
}

export type Fields = Record<string, string | string[]>;

function form(fields: Fields): URLSearchParams {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
  return body;
}

/** One browser's worth of HTTP: its session cookie (if any), no redirects followed. */
export class Client {
  constructor(
    readonly base: string,
    public cookie = "",
  ) {}

  request(method: "GET" | "POST", path: string, fields?: Fields): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (fields) headers["content-type"] = "application/x-www-form-urlencoded";
    return fetch(`${this.base}${path}`, { method, headers, body: fields ? form(fields) : undefined, redirect: "manual" });
  }

  get = (path: string) => this.request("GET", path);
  post = (path: string, fields: Fields = {}) => this.request("POST", path, fields);
}

/** Signs in over HTTP with the emailed code; returns a client holding the new session's cookie. */
export async function signIn(site: Pick<MailSite, "smtp" | "base">, email: string): Promise<Client> {
  const anon = new Client(site.base);
  const asked = await anon.post("/sign-in", { email });
  const location = asked.headers.get("location") ?? "";
  if (asked.status !== 303 || !location.startsWith("/sign-in/code?")) throw new Error(`POST /sign-in for ${email}: ${asked.status} ${location}`);
  const id = new URL(location, site.base).searchParams.get("id")!;
  const code = await emailedCode(site, email, id);
  const res = await anon.post("/sign-in/code", { id, code });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("pwcop_session="));
  if (res.status !== 303 || !cookie) throw new Error(`POST /sign-in/code for ${email}: ${res.status}`);
  return new Client(site.base, cookie.split(";")[0]!);
}

/** A page's HTML with what differs on every response (CSP nonces) taken out. */
export const withoutNonce = (html: string) => html.replace(/nonce="[^"]*"/g, 'nonce=""');

// --- Join requests over HTTP ------------------------------------------------------


/** Answers that fit PWCOP from Ponsonby, Auckland, in person within 25 km (Auckland is offered). */
const AUCKLAND_ANSWERS: Array<[step: string, fields: FormFields]> = FITTING_ANSWERS.map(([step, fields]) =>
  step === "location" ? [step, { country: "NZ", place: "Ponsonby", format: "in_person", distanceKm: "25" }] : [step, fields],
);

/** Slugs whose join form the answers above reach: Hobart (FITTING_ANSWERS) and Auckland. */
const ANSWERS_FOR: Record<string, Array<[string, FormFields]>> = { hobart: FITTING_ANSWERS, "auckland-ponsonby": AUCKLAND_ANSWERS };

/**
 * A join request as a visitor makes it (the wizard, then the join form), in
 * its own wizard session. Returns the request's id, read from the database.
 *
 * Any other group: give `location`, the location question's answers that
 * reach it (for example `{ country: "AU", place: "3550", format: "in_person", distanceKm: "25" }`).
 */
export async function askToJoin(site: Pick<MailSite, "base" | "db">, slug: "hobart" | "auckland-ponsonby", d: JoinDetails): Promise<number>;
export async function askToJoin(site: Pick<MailSite, "base" | "db">, slug: string, d: JoinDetails, location: FormFields): Promise<number>;
export async function askToJoin(site: Pick<MailSite, "base" | "db">, slug: string, d: JoinDetails, location?: FormFields): Promise<number> {
  const v = new Visitor(site.base);
  const answers = location ? FITTING_ANSWERS.map(([step, fields]): [string, FormFields] => (step === "location" ? [step, location] : [step, fields])) : ANSWERS_FOR[slug];
  if (!answers) throw new Error(`askToJoin: no answers reach ${slug}; give its location`);
  for (const [step, fields] of answers) {
    const res = await v.post(`/eligibility/${step}`, fields);
    if (res.status !== 303) throw new Error(`wizard step ${step} for ${slug}: ${res.status}`);
  }
  const res = await postJoin(v, slug, d);
  if (!isJoinSent(res, slug)) throw new Error(`join ${slug} as ${d.email}: ${res.status} ${res.headers.get("location")}`);
  const row = site.db.prepare("SELECT id FROM join_requests WHERE email = ? AND group_id = (SELECT id FROM groups WHERE slug = ?)").get(d.email, slug) as { id: number } | undefined;
  if (!row) throw new Error(`no join request stored for ${d.email}`);
  return row.id;
}
