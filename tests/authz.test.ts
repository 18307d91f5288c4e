/**
 * Who may do what in the back office, over HTTP against the production
 * server (build/): every back-office route and action, GET and POST, as
 * someone signed out, the convenor of group A (Ruth, Hobart), the convenor of
 * group B (Aroha, Auckland), staff, and a convenor-role account with no group.
 *
 * Who is let in comes from what each route declares (`export const access`,
 * app/auth/access.ts), read here from the route modules that app/routes.ts
 * registers: each sample below says only where a route is, what is sent and
 * what a permitted persona gets, and a test fails while any back-office
 * route, method or declared intent has no sample.
 *
 * The promises (app/auth/access.server.ts, app/auth/session.server.ts):
 * - signed out: 303 to /sign-in?redirectTo=<the page>;
 * - signed in without permission on a record: 404, the very page a record
 *   that does not exist gets, and nothing changes;
 * - a convenor of no group (and not staff): 403 on the convenor area;
 * - the staff back office (/staff): 403 for anyone signed in who is not
 *   staff, the page saying nothing of any record, and nothing
 *   in the SQLite file changed by their GETs or POSTs (groups, convenors,
 *   accounts, sessions, requests, the audit log, the outbox, contact
 *   messages, sign-ups, settings).
 *
 * Requests to A's group are made as visitors make them (the wizard, then the
 * join form, over HTTP); accounts sign in with the code emailed to them.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { isAccess, type Access, type GroupFrom } from "../app/auth/access";
import { backOfficeRoutes, matchBackOffice } from "../app/auth/access-routes";
import { rhythmFormValues } from "../app/groups/rhythm-form.server";
import { RhythmSchema } from "../db/rhythm";
import { addAccount, askToJoin, Client, DEMO, signIn, withoutNonce, type Fields } from "./support/back-office";
import { waitFor } from "./support/inbox";
import { useMailSite } from "./support/mail-site";
import { Visitor } from "./support/wizard-client";

const site = useMailSite();

const STATUSES = ["new", "meet_first", "accepted", "declined", "withdrawn", "waiting_list"];

const PERSONAS = ["signed out", "convenor A", "convenor B", "staff", "no group"] as const;
type Persona = (typeof PERSONAS)[number];
const ACCOUNTS: Record<Exclude<Persona, "signed out">, () => string> = {
  "convenor A": () => DEMO.hobart,
  "convenor B": () => DEMO.auckland,
  staff: () => DEMO.staff,
  "no group": () => NO_GROUP,
};
const NO_GROUP = "convenor.without.group@example.org";

// --- Fixtures ---------------------------------------------------------------------

interface Fixtures {
  /** A Hobart request each persona may try to answer (so that no answer gets in another's way). */
  hobartFor: Record<Persona, number>;
  /** Hobart requests nobody answers in the matrix. */
  hobart: number[];
  auckland: number[];
  /** An id no request has. */
  missing: number;
  /** A Hobart request only staff answer (from /staff/requests/:id). */
  staffDecides: number;
  /** A forming group staff made for the matrix, and a convenor account of it that staff remove. */
  staffGroup: string;
  staffGroupConvenor: number;
  /** An account (convenor role, no group) signed in once: staff revoke its session, change its role and remove it. */
  person: { id: number; email: string; session: string };
  /** The demo staff account's id. */
  staffId: number;
  /** An email set to failed, for "send again". */
  failedEmail: number;
  /** An address with a newsletter sign-up, for privacy requests. */
  privacyEmail: string;
  /** Contact messages: one to reply to, one to mark answered. */
  messages: { reply: number; mark: number };
}
const f = {} as Fixtures;
const clients = {} as Record<Persona, Client>;

let applicants = 0;
const applicant = (tag: string) => {
  const n = ++applicants;
  return { name: `Applicant ${tag} ${n}`, email: `authz-${tag}-${n}@example.com`, note: "" };
};

beforeAll(async () => {
  addAccount(site.db, NO_GROUP, "convenor");
  f.hobartFor = {} as Record<Persona, number>;
  for (const who of PERSONAS) f.hobartFor[who] = await askToJoin(site, "hobart", applicant("hobart"));
  f.hobart = [await askToJoin(site, "hobart", applicant("hobart")), await askToJoin(site, "hobart", applicant("hobart"))];
  f.auckland = [await askToJoin(site, "auckland-ponsonby", applicant("auckland")), await askToJoin(site, "auckland-ponsonby", applicant("auckland"))];
  f.missing = maxRequestId() + 1000;
  f.staffDecides = await askToJoin(site, "hobart", applicant("hobart"));
  clients["signed out"] = new Client(site.base);
  for (const who of PERSONAS) if (who !== "signed out") clients[who] = await signIn(site, ACCOUNTS[who]());
  await staffFixtures();
}, 180_000);

/** What the /staff rows need: a group staff made, accounts, a failed email, a sign-up and contact messages. */
async function staffFixtures() {
  const db = site.db;
  f.staffId = (db.prepare("SELECT id FROM users WHERE email = ?").get(DEMO.staff) as { id: number }).id;
  const made = await clients.staff.post("/staff/groups/new", staffGroupBody({ name: "Authz Staff Group", slug: "authz-staff-group", place: "7250" }));
  expect(made.headers.get("location")).toBe("/staff/groups/authz-staff-group?done=created");
  f.staffGroup = "authz-staff-group";
  const convenorEmail = addAccount(db, "authz-group-convenor@example.org", "convenor", [f.staffGroup]);
  f.staffGroupConvenor = (db.prepare("SELECT id FROM users WHERE email = ?").get(convenorEmail) as { id: number }).id;

  const personEmail = addAccount(db, "authz-person@example.org", "convenor");
  await signIn(site, personEmail);
  const person = db.prepare("SELECT u.id, s.created_at AS session FROM users u JOIN sessions s ON s.user_id = u.id WHERE u.email = ?").get(personEmail) as { id: number; session: string };
  f.person = { ...person, email: personEmail };

  f.privacyEmail = "authz-privacy@example.com";
  expect((await new Visitor(site.base).post("/newsletter", { email: f.privacyEmail, interests: ["training_events"] })).status).toBe(303);
  const contact = (email: string) => new Visitor(site.base).post("/contact", { name: "Authz Sender", email, topic: "other", message: "A question for ANZPOP." });
  expect((await contact("authz-contact-reply@example.com")).status).toBe(303);
  expect((await contact("authz-contact-mark@example.com")).status).toBe(303);
  const messageId = (email: string) => (db.prepare("SELECT id FROM contact_messages WHERE email = ?").get(email) as { id: number }).id;
  f.messages = { reply: messageId("authz-contact-reply@example.com"), mark: messageId("authz-contact-mark@example.com") };

  // A contact acknowledgement, once sent, "failed": staff may send it again. (Not the person's sign-in
  // code: removing their account empties every email to it, which then has nothing to send.)
  const sent = await waitFor(
    "the contact acknowledgement to be sent",
    () => db.prepare("SELECT id FROM outbox WHERE to_address = ? AND kind = 'contact.ack' AND status = 'sent' ORDER BY id DESC LIMIT 1").get("authz-contact-reply@example.com") as { id: number } | undefined,
    30_000,
  );
  db.prepare("UPDATE outbox SET status = 'failed', last_error = 'refused (test)' WHERE id = ?").run(sent.id);
  f.failedEmail = sent.id;
}

/** Staff's group form (the contract fields only), with `changes`. */
function staffGroupBody(changes: Fields = {}): Fields {
  return {
    name: "Authz Group",
    slug: "",
    place: "7250",
    country: "AU",
    format: "in_person",
    status: "forming",
    capacity: "10",
    timeZone: "Australia/Hobart",
    frequency: "monthly",
    weekday: "2",
    week: "1",
    anchorDate: "",
    start: "19:00",
    end: "21:00",
    ...changes,
  };
}

const maxRequestId = () => (site.db.prepare("SELECT max(id) AS n FROM join_requests").get() as { n: number }).n;
const statusOf = (id: number) => (site.db.prepare("SELECT status FROM join_requests WHERE id = ?").get(id) as { status: string }).status;
const sessionCount = (email: string) =>
  (site.db.prepare("SELECT count(*) AS n FROM sessions WHERE user_id = (SELECT id FROM users WHERE email = ?)").get(email) as { n: number }).n;

/** The listing form as the editor sends it, from the group's row, with `changes`. */
function listingBody(slug: string, changes: Fields = {}): Fields {
  const g = site.db.prepare("SELECT * FROM groups WHERE slug = ?").get(slug) as Record<string, string | number>;
  return {
    name: String(g.name),
    description: String(g.description),
    format: String(g.format),
    status: g.status === "full" ? "full" : "open",
    capacity: String(g.capacity),
    timeZone: String(g.time_zone),
    ...rhythmFormValues(RhythmSchema.parse(JSON.parse(g.rhythm as string))),
    venueNote: String(g.venue_note),
    ...changes,
  };
}

/** Everything an action could change: requests, the two groups, the audit log and the outbox. */
function snapshot() {
  const db = site.db;
  return {
    requests: db.prepare("SELECT id, status, decided_at, status_changed_at, meet_on, meet_note, decline_reason FROM join_requests ORDER BY id").all(),
    groups: db.prepare("SELECT * FROM groups WHERE slug IN ('hobart', 'auckland-ponsonby') ORDER BY id").all(),
    audit: (db.prepare("SELECT count(*) AS n FROM audit_log").get() as { n: number }).n,
    outbox: (db.prepare("SELECT count(*) AS n FROM outbox").get() as { n: number }).n,
  };
}

/** What a /staff route could change, across the whole SQLite file. */
function backOffice() {
  const db = site.db;
  const all = (sql: string) => db.prepare(sql).all();
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    groups: all("SELECT id, slug, name, status, format, capacity, rhythm, time_zone, suburb FROM groups ORDER BY id"),
    convenors: all("SELECT group_id, user_id FROM group_convenors ORDER BY group_id, user_id"),
    users: all("SELECT id, email, role FROM users ORDER BY id"),
    sessions: all("SELECT user_id, count(*) AS n FROM sessions GROUP BY user_id ORDER BY user_id"),
    requests: all("SELECT id, group_id, status, decline_reason, email FROM join_requests ORDER BY id"),
    audit: count("audit_log"),
    outbox: count("outbox"),
    failedEmails: all("SELECT id FROM outbox WHERE status = 'failed' ORDER BY id"),
    messages: all("SELECT id, status FROM contact_messages ORDER BY id"),
    signups: all("SELECT id, email FROM newsletter_signups ORDER BY id"),
    privacyRequests: count("privacy_requests"),
    threshold: all("SELECT value FROM settings WHERE key = 'demand_threshold'"),
  };
}

// --- The matrix --------------------------------------------------------------------

/** An expected answer: a status, or a 303 and where it leads. */
type Expected = number | { to: string | RegExp };
const SIGN_IN = "signed-out";
/** 303 to /sign-in, to come back to the page asked for. */
const toSignIn = (path: string) => `/sign-in?redirectTo=${encodeURIComponent(path)}`;
const SIGNED_OUT = { to: /^\/sign-in\?signedOut=1$/ };

interface Route {
  label: string;
  method: "GET" | "POST";
  path: (f: Fixtures, who: Persona) => string;
  body?: (f: Fixtures, who: Persona) => Fields;
  /** What a persona the route's declarations let through gets (the others' answers come from the declarations). */
  granted?: Expected;
  /** Only for a route outside the back office (it declares nothing): what each persona gets. */
  expect?: Record<Persona, Expected>;
  /** Runs on a session of its own, signed in for it (the action ends sessions). */
  ownSession?: boolean;
}

const requestPath = (id: number) => `/convenor/requests/${id}`;

/** A route and action whose permitted personas get `granted`. */
function row(label: string, method: "GET" | "POST", path: Route["path"], granted: Expected, body?: Route["body"]): Route {
  return { label, method, path, body, granted };
}

// --- What the routes declare ---------------------------------------------------------

/** Every back-office route in app/routes.ts, and what its module declares and handles. */
const BACK_OFFICE = await Promise.all(
  backOfficeRoutes().map(async (route) => {
    const mod = (await import(/* @vite-ignore */ `../app/${route.file}`)) as { access?: unknown; loader?: unknown; action?: unknown };
    if (!isAccess(mod.access)) throw new Error(`${route.file} declares no access (app/auth/access.ts)`);
    return { ...route, access: mod.access, loader: typeof mod.loader === "function", action: typeof mod.action === "function" };
  }),
);
const declared = (file: string) => BACK_OFFICE.find((r) => r.file === file)!;

/** Who a persona is, in the SQLite file: staff or not, and the groups they convene. */
function account(who: Exclude<Persona, "signed out">) {
  const user = site.db.prepare("SELECT id, role FROM users WHERE email = ?").get(ACCOUNTS[who]()) as { id: number; role: string };
  const convenes = (site.db.prepare("SELECT group_id FROM group_convenors WHERE user_id = ?").all(user.id) as { group_id: number }[]).map((r) => r.group_id);
  return { staff: user.role === "staff", convenes };
}

/** The group of the record a route's params name, found as the declaration says (undefined: no such record). */
const GROUP_OF: Record<GroupFrom, (params: Record<string, string>) => number | undefined> = {
  slug: (p) => (site.db.prepare("SELECT id FROM groups WHERE slug = ?").get(p.slug ?? "") as { id: number } | undefined)?.id,
  request: (p) => (/^\d{1,12}$/.test(p.id ?? "") ? (site.db.prepare("SELECT group_id FROM join_requests WHERE id = ?").get(Number(p.id)) as { group_id: number } | undefined)?.group_id : undefined),
};

/** What a declaration answers a signed-in persona, if it refuses them: 403 (the role), 404 (the record), or null. */
function refusal(access: Access, who: Exclude<Persona, "signed out">, params: Record<string, string>): number | null {
  if (access.role === "any") return null;
  const me = account(who);
  if (access.role === "staff") return me.staff ? null : 403;
  if (!access.group) return me.staff || me.convenes.length > 0 ? null : 403;
  const group = GROUP_OF[access.group](params);
  if (group === undefined) return 404;
  return me.staff || me.convenes.includes(group) ? null : 404;
}

/**
 * What `who` gets, from the declarations of the route the path reaches:
 * signed out, 303 to /sign-in; else the first refusal of the modules that
 * run (a GET runs the layouts' loaders too, outermost first, and the first
 * refusal is the answer; a POST runs the page's action), or `granted`.
 */
function expectedFor(route: Route, who: Persona, path: string): Expected | typeof SIGN_IN {
  const target = matchBackOffice(new URL(path, "http://x").pathname, BACK_OFFICE);
  if (!target) return route.expect![who];
  if (who === "signed out") return SIGN_IN;
  const modules = route.method === "GET" ? target.route.chain : [target.route.file];
  for (const file of modules) {
    const refused = refusal(declared(file).access, who, target.params);
    if (refused !== null) return refused;
  }
  return route.granted!;
}

/**
 * Samples of every back-office route and action: where it is, what is sent,
 * and what a persona its declaration lets in gets. Who is let in, and what
 * the others get, comes from the declarations; a test below fails until each
 * route in app/routes.ts, each method it handles and each intent it declares
 * has a sample here.
 */
const ROUTES: Route[] = [
  // The inbox.
  { label: "the inbox", method: "GET", path: () => "/convenor", granted: 200 },
  {
    label: "the inbox, filtered",
    method: "GET",
    path: () => "/convenor?status=new&group=hobart&page=1",
    granted: 200,
  },
  { label: "the inbox, page 2", method: "GET", path: () => "/convenor?page=2", granted: 200 },

  // A request's page and its decisions.
  { label: "a Hobart request", method: "GET", path: (f) => requestPath(f.hobart[0]!), granted: 200 },
  { label: "an Auckland request", method: "GET", path: (f) => requestPath(f.auckland[0]!), granted: 200 },
  { label: "a request that does not exist", method: "GET", path: (f) => requestPath(f.missing), granted: 404 },
  { label: "a request id that is not a number", method: "GET", path: () => "/convenor/requests/abc", granted: 404 },
  {
    label: "accept a Hobart request",
    method: "POST",
    path: (f, who) => requestPath(f.hobartFor[who]),
    body: () => ({ decision: "accepted", message: "Welcome." }),
    granted: { to: /^\/convenor\/requests\/\d+\?done=accepted$/ },
  },
  {
    label: "decline a Hobart request, with no reason",
    method: "POST",
    path: (f) => requestPath(f.hobart[0]!),
    body: () => ({ decision: "declined", message: "" }),
    // The form's errors are only for those who may answer; the others learn nothing.
    granted: 400,
  },
  {
    label: "answer a request that does not exist",
    method: "POST",
    path: (f) => requestPath(f.missing),
    body: () => ({ decision: "accepted" }),
    granted: 404,
  },

  // Groups.
  { label: "the groups", method: "GET", path: () => "/convenor/groups", granted: 200 },
  { label: "Hobart's page", method: "GET", path: () => "/convenor/groups/hobart", granted: 200 },
  { label: "Auckland's page", method: "GET", path: () => "/convenor/groups/auckland-ponsonby", granted: 200 },
  { label: "a group that does not exist", method: "GET", path: () => "/convenor/groups/no-such-group", granted: 404 },
  {
    label: "mark Hobart full (places are left: no change)",
    method: "POST",
    path: () => "/convenor/groups/hobart",
    body: () => ({ intent: "mark-full" }),
    granted: { to: /^\/convenor\/groups\/hobart$/ },
  },
  {
    label: "offer a Hobart place to a request not waiting (no change)",
    method: "POST",
    path: () => "/convenor/groups/hobart",
    body: (f) => ({ intent: "offer-place", requestId: String(f.hobart[1]) }),
    granted: { to: /^\/convenor\/groups\/hobart$/ },
  },
  {
    label: "an unknown intent on Hobart's page",
    method: "POST",
    path: () => "/convenor/groups/hobart",
    body: () => ({ intent: "close-group" }),
    granted: 400,
  },
  {
    label: "mark a group that does not exist full",
    method: "POST",
    path: () => "/convenor/groups/no-such-group",
    body: () => ({ intent: "mark-full" }),
    granted: 404,
  },

  // The listing editor.
  { label: "Hobart's listing editor", method: "GET", path: () => "/convenor/groups/hobart/edit", granted: 200 },
  { label: "Auckland's listing editor", method: "GET", path: () => "/convenor/groups/auckland-ponsonby/edit", granted: 200 },
  { label: "the editor of a group that does not exist", method: "GET", path: () => "/convenor/groups/no-such-group/edit", granted: 404 },
  {
    label: "save Hobart's listing",
    method: "POST",
    path: () => "/convenor/groups/hobart/edit",
    body: (_f, who) => listingBody("hobart", { description: `Saved by ${who}.` }),
    granted: { to: "/convenor/groups/hobart/edit?saved=1" },
  },
  {
    label: "save Hobart's listing with errors",
    method: "POST",
    path: () => "/convenor/groups/hobart/edit",
    body: () => listingBody("hobart", { capacity: "1000", start: "25:00" }),
    granted: 400,
  },
  {
    label: "save the listing of a group that does not exist",
    method: "POST",
    path: () => "/convenor/groups/no-such-group/edit",
    body: () => listingBody("hobart"),
    granted: 404,
  },

  // --- The staff back office (/staff) ---------------------------------------------
  // Declared staff only: 403 for anyone signed in who is not staff; signed out: 303 to /sign-in.
  // Rows that change something run for every persona in turn (signed out, A, B, staff, no group): only staff's goes through.

  // The overview.
  row("the staff overview", "GET", () => "/staff", 200),

  // Groups.
  row("the staff groups list", "GET", () => "/staff/groups", 200),
  row("the staff groups list, filtered and sorted", "GET", () => "/staff/groups?status=open&format=in_person&sort=members&dir=desc", 200),
  row("the new group form", "GET", () => "/staff/groups/new", 200),
  row("add a group", "POST", () => "/staff/groups/new", { to: "/staff/groups/authz-made-by-staff?done=created" }, () =>
    staffGroupBody({ name: "Authz Made By Staff", slug: "authz-made-by-staff", place: "2830", timeZone: "Australia/Sydney" }),
  ),
  row("add a group with nothing filled in", "POST", () => "/staff/groups/new", 400, () => ({})),
  row("a group's staff page", "GET", (f) => `/staff/groups/${f.staffGroup}`, 200),
  row("Hobart's staff page", "GET", () => "/staff/groups/hobart", 200),
  row("the staff page of a group that does not exist", "GET", () => "/staff/groups/no-such-group", 404),
  row("the staff page of a slug that cannot be", "GET", () => "/staff/groups/Not%20A%20Slug", 404),
  row("open a group (status)", "POST", (f) => `/staff/groups/${f.staffGroup}`, { to: "/staff/groups/authz-staff-group?done=status&from=forming&notified=0&told=0" }, () => ({
    intent: "status",
    status: "open",
  })),
  row("a status that does not exist", "POST", (f) => `/staff/groups/${f.staffGroup}`, 400, () => ({ intent: "status", status: "paused" })),
  row("save a group's details", "POST", (f) => `/staff/groups/${f.staffGroup}`, { to: "/staff/groups/authz-staff-group?done=saved" }, (f) => ({
    intent: "details",
    ...staffGroupBody({ name: "Authz Staff Group Renamed", slug: f.staffGroup }),
  })),
  row("save a group's details with errors", "POST", (f) => `/staff/groups/${f.staffGroup}`, 400, (f) => ({
    intent: "details",
    ...staffGroupBody({ slug: f.staffGroup, capacity: "1000", start: "25:00" }),
  })),
  row("add a convenor", "POST", (f) => `/staff/groups/${f.staffGroup}`, { to: "/staff/groups/authz-staff-group?done=convenor-added&email=authz-invited%40example.org" }, () => ({
    intent: "add-convenor",
    email: "authz-invited@example.org",
  })),
  row("add a convenor with no address", "POST", (f) => `/staff/groups/${f.staffGroup}`, 400, () => ({ intent: "add-convenor", email: "not an address" })),
  row("remove a convenor", "POST", (f) => `/staff/groups/${f.staffGroup}`, { to: "/staff/groups/authz-staff-group?done=convenor-removed&email=authz-group-convenor%40example.org" }, (f) => ({
    intent: "remove-convenor",
    userId: String(f.staffGroupConvenor),
  })),
  row("an unknown intent on a group's staff page", "POST", (f) => `/staff/groups/${f.staffGroup}`, 400, () => ({ intent: "delete" })),
  row("change a group that does not exist", "POST", () => "/staff/groups/no-such-group", 404, () => ({ intent: "status", status: "closed" })),

  // Join requests.
  row("all join requests", "GET", () => "/staff/requests", 200),
  row("all join requests, filtered and sorted", "GET", () => "/staff/requests?status=new&group=hobart&age=30&sort=group&dir=asc&page=1", 200),
  row("why people were declined", "GET", () => "/staff/requests/reasons", 200),
  row("a request's staff page", "GET", (f) => `/staff/requests/${f.staffDecides}`, 200),
  row("the staff page of a request that does not exist", "GET", (f) => `/staff/requests/${f.missing}`, 404),
  row("the staff page of a request id that is not a number", "GET", () => "/staff/requests/abc", 404),
  row("answer for a silent convenor", "POST", (f) => `/staff/requests/${f.staffDecides}`, { to: /^\/staff\/requests\/\d+\?done=meet_first$/ }, () => ({
    intent: "decide",
    decision: "meet_first",
    meetOn: "",
    message: "",
  })),
  row("answer with no decision", "POST", (f) => `/staff/requests/${f.hobart[0]}`, 400, () => ({ intent: "decide", message: "" })),
  row("move a request to a group that does not exist", "POST", (f) => `/staff/requests/${f.hobart[0]}`, 400, () => ({ intent: "move", group: "no-such-group" })),
  row("answer a request that does not exist (staff page)", "POST", (f) => `/staff/requests/${f.missing}`, 404, () => ({ intent: "decide", decision: "accepted" })),

  // Exports.
  row("the exports page", "GET", () => "/staff/exports", 200),
  row("the exports page, asked with no purpose", "GET", () => "/staff/exports?kind=groups", 400),
  row("the exports page, asked with a purpose (only filled in)", "GET", () => "/staff/exports?kind=groups&purpose=reporting", 200),
  row("an export's address opened (runs nothing)", "GET", () => "/staff/exports/groups?purpose=reporting", { to: "/staff/exports?kind=groups" }),
  row("export groups", "POST", () => "/staff/exports/groups", 200, () => ({ purpose: "reporting" })),
  row("export requests, filtered", "POST", () => "/staff/exports/requests", 200, () => ({ purpose: "review", group: "hobart" })),
  row("export the waiting list", "POST", () => "/staff/exports/waiting-list", 200, () => ({ purpose: "planning" })),
  row("export with no purpose", "POST", () => "/staff/exports/groups", { to: "/staff/exports?kind=groups&purpose=" }, () => ({})),
  row("export something that does not exist", "GET", () => "/staff/exports/accounts?purpose=reporting", 404),

  // Demand and the funnel.
  row("demand", "GET", () => "/staff/demand", 200),
  row("set the demand threshold", "POST", () => "/staff/demand", { to: "/staff/demand?saved=threshold" }, () => ({ intent: "threshold", threshold: "7" })),
  row("set the demand threshold wrong", "POST", () => "/staff/demand", 400, () => ({ intent: "threshold", threshold: "many" })),
  row("seed an area that does not exist", "POST", () => "/staff/demand", 409, () => ({ intent: "seed", area: "999999999" })),
  row("the funnel", "GET", () => "/staff/funnel", 200),
  row("the funnel with dates that do not exist", "GET", () => "/staff/funnel?from=2026-02-30&to=2026-01-01", 400),

  // People.
  row("people", "GET", () => "/staff/people", 200),
  row("add an account", "POST", () => "/staff/people", { to: "/staff/people?added=authz-added%40example.org&role=convenor" }, () => ({ email: "authz-added@example.org", role: "convenor" })),
  row("add an account with errors", "POST", () => "/staff/people", 400, () => ({ email: "nope", role: "owner" })),
  row("a person's page", "GET", (f) => `/staff/people/${f.person.id}`, 200),
  row("one's own page", "GET", (f) => `/staff/people/${f.staffId}`, 200),
  row("the page of a person who does not exist", "GET", () => "/staff/people/999999", 404),
  row("the page of a person id that is not a number", "GET", () => "/staff/people/abc", 404),
  row("sign out one of a person's browsers", "POST", (f) => `/staff/people/${f.person.id}`, { to: /^\/staff\/people\/\d+\?done=revoked$/ }, (f) => ({ intent: "revoke", session: f.person.session })),
  row("sign a person out everywhere", "POST", (f) => `/staff/people/${f.person.id}`, { to: /^\/staff\/people\/\d+\?done=revoked$/ }, () => ({ intent: "revoke-all" })),
  row("make a person staff", "POST", (f) => `/staff/people/${f.person.id}`, { to: /^\/staff\/people\/\d+\?done=role$/ }, () => ({ intent: "role", role: "staff" })),
  row("remove one's own account", "POST", (f) => `/staff/people/${f.staffId}`, { to: /^\/staff\/people\/\d+\?done=self$/ }, () => ({ intent: "remove" })),
  row("an unknown intent on a person's page", "POST", (f) => `/staff/people/${f.person.id}`, 400, () => ({ intent: "promote" })),
  row("remove a person", "POST", (f) => `/staff/people/${f.person.id}`, { to: "/staff/people?removed=authz-person%40example.org" }, () => ({ intent: "remove" })),
  row("remove a person who does not exist", "POST", () => "/staff/people/999999", 404, () => ({ intent: "remove" })),

  // The audit log and the outbox.
  row("the audit log", "GET", () => "/staff/audit", 200),
  row("the audit log, filtered, page 2", "GET", () => "/staff/audit?action=user_added&subject=user&actor=demo&page=2", 200),
  row("the outbox", "GET", () => "/staff/outbox", 200),
  row("the outbox, failed only", "GET", () => "/staff/outbox?status=failed", 200),
  row("send a failed email again", "POST", () => "/staff/outbox", { to: /^\/staff\/outbox\?status=failed&retried=\d+$/ }, (f) => ({ id: String(f.failedEmail) })),
  row("send again an email that does not exist", "POST", () => "/staff/outbox", { to: "/staff/outbox?status=failed" }, () => ({ id: "999999999" })),
  row("send again with no email", "POST", () => "/staff/outbox", 400, () => ({ id: "abc" })),
  row("send again, by name, an email that does not exist", "POST", () => "/staff/outbox", { to: "/staff/outbox?status=failed" }, () => ({ intent: "retry", id: "999999999" })),
  row("send a held email that does not exist", "POST", () => "/staff/outbox", { to: "/staff/outbox?status=held" }, () => ({ intent: "send", id: "999999999" })),
  row("discard a held email that does not exist", "POST", () => "/staff/outbox", { to: "/staff/outbox?status=held" }, () => ({ intent: "discard", id: "999999999" })),
  row("send every held email", "POST", () => "/staff/outbox", { to: /^\/staff\/outbox\?status=held(&sentAll=\d+)?$/ }, () => ({ intent: "send-all" })),
  row("discard every held email", "POST", () => "/staff/outbox", { to: /^\/staff\/outbox\?status=held(&discardedAll=\d+)?$/ }, () => ({ intent: "discard-all" })),

  // Privacy requests.
  row("privacy requests", "GET", () => "/staff/privacy", 200),
  row("find what is held for an address", "POST", () => "/staff/privacy", 200, (f) => ({ intent: "find", email: f.privacyEmail })),
  row("download what is held for an address", "POST", () => "/staff/privacy/download", 200, (f) => ({ email: f.privacyEmail })),
  row("the download route by GET goes back to the page", "GET", () => "/staff/privacy/download", { to: "/staff/privacy" }),
  row("preview erasing an address", "POST", () => "/staff/privacy", 200, (f) => ({ intent: "preview", email: f.privacyEmail })),
  row("erase an address", "POST", () => "/staff/privacy", 200, (f) => ({ intent: "erase", email: f.privacyEmail })),
  row("find with a bad address", "POST", () => "/staff/privacy", 400, () => ({ intent: "find", email: "not an address" })),

  // Contact messages.
  row("contact messages", "GET", () => "/staff/messages", 200),
  row("contact messages, new only", "GET", () => "/staff/messages?status=new", 200),
  row("reply to a contact message", "POST", () => "/staff/messages", { to: "/staff/messages?done=replied" }, (f) => ({ id: String(f.messages.reply), intent: "reply", reply: "Thank you." })),
  row("reply with no text", "POST", () => "/staff/messages", 400, (f) => ({ id: String(f.messages.mark), intent: "reply", reply: "  " })),
  row("mark a contact message answered", "POST", () => "/staff/messages", { to: "/staff/messages?done=marked" }, (f) => ({ id: String(f.messages.mark), intent: "answered" })),
  row("reply to a message that does not exist", "POST", () => "/staff/messages", 404, () => ({ id: "999999999", intent: "reply", reply: "Hello." })),

  // The account.
  { label: "the account page", method: "GET", path: () => "/account", granted: 200 },
  {
    label: "the account page, an unknown intent",
    method: "POST",
    path: () => "/account",
    body: () => ({ intent: "delete-everything" }),
    granted: 400,
  },
  {
    label: "sign out",
    method: "POST",
    path: () => "/sign-out",
    ownSession: true,
    expect: { "signed out": SIGNED_OUT, "convenor A": SIGNED_OUT, "convenor B": SIGNED_OUT, staff: SIGNED_OUT, "no group": SIGNED_OUT },
  },
  {
    label: "sign out everywhere",
    method: "POST",
    path: () => "/account",
    body: () => ({ intent: "sign-out-everywhere" }),
    ownSession: true,
    granted: SIGNED_OUT,
  },
];

const CASES = ROUTES.flatMap((route) => PERSONAS.map((who) => ({ route, who, name: `${route.method} ${route.label} as ${who}` })));

describe("the authorisation matrix", () => {
  it("has a sample of every back-office route in app/routes.ts, each method it handles and each intent its action declares", () => {
    const wanted = BACK_OFFICE.flatMap((r) => [
      ...(r.loader ? [`GET ${r.path} (${r.file})`] : []),
      ...(r.action ? [`POST ${r.path} (${r.file})`, ...(r.access.intents ?? []).map((i) => `POST ${r.path} (${r.file}) intent=${i}`)] : []),
    ]);
    const sampled = new Set<string>();
    for (const route of ROUTES) {
      const target = matchBackOffice(new URL(route.path(f, "staff"), "http://x").pathname, BACK_OFFICE);
      if (!target) {
        expect(route.expect, `${route.label}: outside the back office, so every answer is given`).toBeDefined();
        continue;
      }
      expect(route.granted, `${route.label}: what a permitted persona gets`).toBeDefined();
      if (route.method === "GET") for (const file of target.route.chain) sampled.add(`GET ${declared(file).path} (${file})`);
      else {
        sampled.add(`POST ${target.route.path} (${target.route.file})`);
        const intent = route.body?.(f, "staff").intent;
        if (typeof intent === "string") sampled.add(`POST ${target.route.path} (${target.route.file}) intent=${intent}`);
      }
    }
    expect(wanted.filter((w) => !sampled.has(w)), "routes, methods and intents with no sample").toEqual([]);
    expect(BACK_OFFICE.length).toBeGreaterThan(0);
  });

  // Named in full (it.each would cut a long name to 40 characters, and two cases could read alike).
  for (const { route, who, name } of CASES) it(name, async () => {
    const path = route.path(f, who);
    const expected = expectedFor(route, who, path);
    let client = clients[who];
    if (route.ownSession && who !== "signed out") {
      client = await signIn(site, ACCOUNTS[who]());
      expect(sessionCount(ACCOUNTS[who]())).toBeGreaterThanOrEqual(2);
    }
    const onStaff = path.startsWith("/staff");
    const before = onStaff && who !== "staff" ? backOffice() : undefined;
    const res = route.method === "GET" ? await client.get(path) : await client.post(path, route.body?.(f, who) ?? {});
    const location = res.headers.get("location");
    const body = await res.text();
    const what = `${route.method} ${path} as ${who} (${res.status}${location ? ` → ${location}` : ""})`;
    if (typeof expected === "number") {
      expect(res.status, what).toBe(expected);
      expect(location, what).toBeNull();
    } else {
      expect(res.status, what).toBe(303);
      if (expected === SIGN_IN) expect(location, what).toBe(toSignIn(path));
      else if (typeof expected.to === "string") expect(location, what).toBe(expected.to);
      else expect(location, what).toMatch(expected.to);
    }
    // Back-office pages (applicants' details, sessions), their forms with errors and redirects are never stored. (Refusals are the site's plain error page.)
    const ownPage = res.status < 400 || (res.status === 400 && body.includes('<form method="post"'));
    if ((path.startsWith("/convenor") || onStaff || path === "/account") && ownPage) expect(res.headers.get("cache-control") ?? "", what).toMatch(/no-store/);
    // A refusal says nothing about the record: no applicant, no group name in the page.
    if (res.status === 403 || res.status === 404) {
      expect(body, what).not.toMatch(/Applicant (hobart|auckland)|authz-|Authz|Listed Person/);
      expect(body, what).not.toContain("data-request-id");
    }
    if (onStaff && res.status === 403) {
      // Nothing of the back office at all: no records, no staff navigation, no one else's address.
      expect(body, what).not.toMatch(/data-(group-slug|user-id|email-id|audit-id|message-id|area|task)\b/);
      expect(body, what).not.toContain(DEMO.staff);
      expect(body, what).not.toMatch(/@example\.com/);
      expect(body, what).not.toContain('aria-label="Staff back office"');
    }
    // Nothing changed in the SQLite file for anyone but staff.
    if (before) expect(backOffice(), `${what}: the database`).toEqual(before);
    if (route.ownSession && who !== "signed out") {
      // Sign out ends this session; sign out everywhere ends the persona's main session too.
      const main = await clients[who].get("/account");
      if (route.label === "sign out everywhere") {
        expect(main.status).toBe(303);
        clients[who] = await signIn(site, ACCOUNTS[who]());
      } else {
        expect(main.status).toBe(200);
      }
      expect((await client.get("/account")).status).toBe(303);
    }
  });

  it("answers went through only for convenor A and staff, each on their own request", () => {
    expect(Object.fromEntries(PERSONAS.map((who) => [who, statusOf(f.hobartFor[who])]))).toEqual({
      "signed out": "new",
      "convenor A": "accepted",
      "convenor B": "new",
      staff: "accepted",
      "no group": "new",
    });
    expect(statusOf(f.hobart[0]!)).toBe("new");
    expect(f.auckland.map(statusOf)).toEqual(["new", "new"]);
  });

  it("staff actions went through once each, as staff's own", () => {
    const db = site.db;
    const one = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T;
    expect(one("SELECT status, name FROM groups WHERE slug = ?", f.staffGroup)).toEqual({ status: "open", name: "Authz Staff Group Renamed" });
    expect(one("SELECT count(*) AS n FROM groups WHERE slug LIKE 'authz-made-by-staff%'")).toEqual({ n: 1 });
    expect(
      db
        .prepare("SELECT u.email FROM group_convenors gc JOIN users u ON u.id = gc.user_id WHERE gc.group_id = (SELECT id FROM groups WHERE slug = ?) ORDER BY u.email")
        .all(f.staffGroup),
    ).toEqual([{ email: "authz-invited@example.org" }]);
    expect(statusOf(f.staffDecides)).toBe("meet_first");
    expect(one("SELECT role FROM users WHERE email = 'authz-added@example.org'")).toEqual({ role: "convenor" });
    expect(one("SELECT count(*) AS n FROM users WHERE email = ?", f.person.email)).toEqual({ n: 0 });
    expect(one("SELECT count(*) AS n FROM users WHERE email = ?", DEMO.staff)).toEqual({ n: 1 });
    expect(one("SELECT value FROM settings WHERE key = 'demand_threshold'")).toEqual({ value: "7" });
    expect(one("SELECT count(*) AS n FROM newsletter_signups WHERE email = ?", f.privacyEmail)).toEqual({ n: 0 });
    expect(db.prepare("SELECT id, status FROM contact_messages WHERE id IN (?, ?) ORDER BY id").all(f.messages.reply, f.messages.mark)).toEqual(
      [
        { id: f.messages.reply, status: "answered" },
        { id: f.messages.mark, status: "answered" },
      ].sort((a, b) => a.id - b.id),
    );
    expect(one<{ status: string }>("SELECT status FROM outbox WHERE id = ?", f.failedEmail).status).not.toBe("failed");
    // Every change in the audit log is staff's.
    const actors = db
      .prepare(
        "SELECT DISTINCT u.email AS actor FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id WHERE action IN ('group.created', 'group.status_changed', 'convenor_added', 'convenor_removed', 'user_added', 'session_revoked', 'role_changed', 'user_removed', 'email.retried', 'contact.replied', 'contact.answered', 'privacy.searched', 'privacy.downloaded', 'privacy.previewed', 'privacy.erased') OR action LIKE 'export.%'",
      )
      .all();
    expect(actors).toEqual([{ actor: DEMO.staff }]);
    // (Anyone may sign themselves out everywhere from /account; the person was signed out by staff.)
    expect(db.prepare("SELECT u.email AS actor FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id WHERE action = 'signed_out_everywhere' AND subject_id = ?").all(f.person.id)).toEqual([{ actor: DEMO.staff }]);
  });
});

// --- Inboxes -------------------------------------------------------------------------

interface Listed {
  id: number;
  status: string;
  linksToPage: boolean;
}

/** Every element of a page carrying data-request-id, with its data-status and whether it links to the request's page. */
function listed(html: string): Listed[] {
  const main = /<main\b[\s\S]*<\/main>/.exec(html)?.[0] ?? "";
  const opens = [...main.matchAll(/<(\w+)\b([^>]*\bdata-request-id="(\d+)"[^>]*)>/g)];
  return opens.map((m, i) => {
    const id = Number(m[3]);
    const inside = main.slice(m.index!, opens[i + 1]?.index ?? main.length);
    return { id, status: /\bdata-status="([^"]*)"/.exec(m[2]!)?.[1] ?? "", linksToPage: inside.includes(`href="${requestPath(id)}"`) };
  });
}

async function inbox(who: Persona, query = ""): Promise<Listed[]> {
  const res = await clients[who].get(`/convenor${query}`);
  expect(res.status, `/convenor${query} as ${who}`).toBe(200);
  const items = listed(await res.text());
  for (const item of items) {
    expect(STATUSES, `data-status of request ${item.id}`).toContain(item.status);
    expect(item.linksToPage, `request ${item.id} links to its page`).toBe(true);
    expect(item.status, `request ${item.id}`).toBe(statusOf(item.id));
  }
  return items;
}
const ids = (items: Listed[]) => items.map((i) => i.id).sort((a, b) => a - b);
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const allHobart = () => sorted([...Object.values(f.hobartFor), ...f.hobart, f.staffDecides]);

describe("inboxes", () => {
  const QUERIES = ["", "?group=hobart", "?status=new", "?status=new&group=hobart", "?status=accepted&group=hobart", "?group=auckland-ponsonby", "?page=2", "?group=hobart&page=1"];

  it("convenor B's inbox never lists A's requests, however filtered", async () => {
    const hobart = new Set(allHobart());
    for (const q of QUERIES) {
      const items = await inbox("convenor B", q);
      expect(items.filter((i) => hobart.has(i.id)), `B's inbox${q}`).toEqual([]);
    }
    // It does list B's own (so the check above looks at real lists).
    expect(ids(await inbox("convenor B"))).toEqual(sorted(f.auckland));
    expect(ids(await inbox("convenor B", "?group=hobart"))).toEqual(sorted(f.auckland));
  });

  it("convenor A's inbox lists A's requests and none of B's", async () => {
    expect(ids(await inbox("convenor A"))).toEqual(allHobart());
    expect(ids(await inbox("convenor A", "?group=auckland-ponsonby"))).toEqual(allHobart());
    expect(ids(await inbox("convenor A", "?status=accepted"))).toEqual(sorted([f.hobartFor["convenor A"], f.hobartFor.staff]));
  });

  it("staff see both groups' requests", async () => {
    const all = ids(await inbox("staff"));
    expect(all).toEqual(expect.arrayContaining([...allHobart(), ...f.auckland]));
    expect(ids(await inbox("staff", "?group=hobart"))).toEqual(allHobart());
    expect(ids(await inbox("staff", "?group=auckland-ponsonby"))).toEqual(sorted(f.auckland));
  });
});

// --- Guessing ----------------------------------------------------------------------

/** A response as compared: status, and the HTML (or data) with the nonce taken out. */
async function seen(res: Response) {
  return { status: res.status, location: res.headers.get("location"), type: res.headers.get("content-type"), body: withoutNonce(await res.text()) };
}

describe("convenor B guessing A's ids and slugs", () => {
  it("by URL and in form bodies: the same 404 as no such record, and nothing changes", async () => {
    const A = clients["convenor A"];
    const B = clients["convenor B"];
    // A live target for "offer a place": A's request first on the waiting list, with places left.
    const waiting = await askToJoin(site, "hobart", applicant("waiting"));
    expect((await A.post(requestPath(waiting), { decision: "waiting_list", message: "" })).status).toBe(303);
    expect(statusOf(waiting)).toBe("waiting_list");
    const target = f.hobart[1]!;
    const missing = maxRequestId() + 1000;

    const before = snapshot();
    const guesses: Array<{ what: string; guess: () => Promise<Response>; nothing: () => Promise<Response> }> = [
      { what: "GET A's request", guess: () => B.get(requestPath(target)), nothing: () => B.get(requestPath(missing)) },
      { what: "GET A's request's data", guess: () => B.get(`${requestPath(target)}.data`), nothing: () => B.get(`${requestPath(missing)}.data`) },
      ...["accepted", "meet_first", "waiting_list"].map((decision) => ({
        what: `POST ${decision} to A's request`,
        guess: () => B.post(requestPath(target), { decision, message: "Guessed", meetOn: "2030-01-01" }),
        nothing: () => B.post(requestPath(missing), { decision, message: "Guessed", meetOn: "2030-01-01" }),
      })),
      {
        what: "POST declined to A's request",
        guess: () => B.post(requestPath(target), { decision: "declined", declineReason: "other", message: "" }),
        nothing: () => B.post(requestPath(missing), { decision: "declined", declineReason: "other", message: "" }),
      },
      {
        what: "POST accepted to A's waiting request, through Remix's data URL",
        guess: () => B.post(`${requestPath(waiting)}.data`, { decision: "accepted" }),
        nothing: () => B.post(`${requestPath(missing)}.data`, { decision: "accepted" }),
      },
      { what: "GET A's group", guess: () => B.get("/convenor/groups/hobart"), nothing: () => B.get("/convenor/groups/no-such-group") },
      {
        what: "POST offer-place on A's group",
        guess: () => B.post("/convenor/groups/hobart", { intent: "offer-place", requestId: String(waiting) }),
        nothing: () => B.post("/convenor/groups/no-such-group", { intent: "offer-place", requestId: String(waiting) }),
      },
      {
        what: "POST mark-full on A's group",
        guess: () => B.post("/convenor/groups/hobart", { intent: "mark-full" }),
        nothing: () => B.post("/convenor/groups/no-such-group", { intent: "mark-full" }),
      },
      { what: "GET A's listing editor", guess: () => B.get("/convenor/groups/hobart/edit"), nothing: () => B.get("/convenor/groups/no-such-group/edit") },
      {
        what: "POST A's listing",
        guess: () => B.post("/convenor/groups/hobart/edit", listingBody("hobart", { description: "Guessed by B", venueNote: "Guessed venue", capacity: "2" })),
        nothing: () => B.post("/convenor/groups/no-such-group/edit", listingBody("hobart", { description: "Guessed by B" })),
      },
      {
        what: "POST A's listing with errors",
        guess: () => B.post("/convenor/groups/hobart/edit", listingBody("hobart", { capacity: "0" })),
        nothing: () => B.post("/convenor/groups/no-such-group/edit", listingBody("hobart", { capacity: "0" })),
      },
      {
        what: "POST A's listing through Remix's data URL",
        guess: () => B.post("/convenor/groups/hobart/edit.data", listingBody("hobart", { description: "Guessed by B" })),
        nothing: () => B.post("/convenor/groups/no-such-group/edit.data", listingBody("hobart", { description: "Guessed by B" })),
      },
    ];
    for (const { what, guess, nothing } of guesses) {
      const g = await seen(await guess());
      const n = await seen(await nothing());
      expect(g.status, what).toBe(404);
      expect(g, what).toEqual(n);
    }

    // In a form body on B's own group: A's waiting request's id. B's group has nobody waiting: nothing happens.
    const own = await seen(await B.post("/convenor/groups/auckland-ponsonby", { intent: "offer-place", requestId: String(waiting) }));
    const ownNothing = await seen(await B.post("/convenor/groups/auckland-ponsonby", { intent: "offer-place", requestId: String(missing) }));
    expect(own).toEqual(ownNothing);
    expect(own).toMatchObject({ status: 303, location: "/convenor/groups/auckland-ponsonby" });

    expect(snapshot()).toEqual(before);

    // Each target was live: A can do what B could not.
    const offered = await A.post("/convenor/groups/hobart", { intent: "offer-place", requestId: String(waiting) });
    expect(offered.status).toBe(303);
    expect(offered.headers.get("location")).toMatch(/^\/convenor\/groups\/hobart\?done=offered&name=/);
    expect(statusOf(waiting)).toBe("accepted");
    expect((await A.get(requestPath(target))).status).toBe(200);
    expect((await A.get("/convenor/groups/hobart/edit")).status).toBe(200);
  });

  it("marking A's full group full: B gets the 404 and nothing changes; A can", async () => {
    const A = clients["convenor A"];
    const B = clients["convenor B"];
    const members = () =>
      (site.db.prepare("SELECT count(*) AS n FROM join_requests WHERE status = 'accepted' AND group_id = (SELECT id FROM groups WHERE slug = 'hobart')").get() as { n: number }).n;
    const groupStatus = () => (site.db.prepare("SELECT status FROM groups WHERE slug = 'hobart'").get() as { status: string }).status;
    while (members() < 2) {
      const id = await askToJoin(site, "hobart", applicant("member"));
      expect((await A.post(requestPath(id), { decision: "accepted" })).status).toBe(303);
    }
    // Every place taken: A's page asks about marking the group full.
    const filled = await A.post("/convenor/groups/hobart/edit", listingBody("hobart", { capacity: String(members()) }));
    expect(filled.headers.get("location")).toBe("/convenor/groups/hobart/edit?saved=1");
    expect(groupStatus()).toBe("open");

    const before = snapshot();
    const guess = await seen(await B.post("/convenor/groups/hobart", { intent: "mark-full" }));
    const nothing = await seen(await B.post("/convenor/groups/no-such-group", { intent: "mark-full" }));
    expect(guess.status).toBe(404);
    expect(guess).toEqual(nothing);
    expect(snapshot()).toEqual(before);

    const marked = await A.post("/convenor/groups/hobart", { intent: "mark-full" });
    expect(marked.headers.get("location")).toBe("/convenor/groups/hobart?done=full");
    expect(groupStatus()).toBe("full");

    // Back as it was, for anything after this.
    const reopened = await A.post("/convenor/groups/hobart/edit", listingBody("hobart", { capacity: "12", status: "open" }));
    expect(reopened.headers.get("location")).toBe("/convenor/groups/hobart/edit?saved=1");
    expect(groupStatus()).toBe("open");
  });
});

describe("a convenor of no group", () => {
  it("gets 403 on the convenor area, and the same answer for records that exist and that do not", async () => {
    const c = clients["no group"];
    const home = await c.get("/convenor");
    expect(home.status).toBe(403);
    const page = await home.text();
    expect(page).not.toContain("data-request-id");
    for (const [real, none] of [
      [requestPath(f.hobart[0]!), requestPath(f.missing)],
      ["/convenor/groups/hobart", "/convenor/groups/no-such-group"],
      ["/convenor/groups/hobart/edit", "/convenor/groups/no-such-group/edit"],
    ] as const) {
      expect(await seen(await c.get(real)), real).toEqual(await seen(await c.get(none)));
      expect(await seen(await c.post(real, { decision: "accepted", intent: "mark-full" })), `POST ${real}`).toEqual(await seen(await c.post(none, { decision: "accepted", intent: "mark-full" })));
    }
    // Still signed in: their account page works.
    expect((await c.get("/account")).status).toBe(200);
  });
});
