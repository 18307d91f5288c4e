/**
 * Who may do what in the back office, over HTTP against the production
 * server (build/): every back-office route and action, GET and POST, as
 * someone signed out, the convenor of group A (Ruth, Hobart), the convenor of
 * group B (Aroha, Auckland), staff, and a convenor-role account with no group.
 *
 * The promises (app/auth/session.server.ts):
 * - signed out: 303 to /sign-in?redirectTo=<the page>;
 * - signed in without permission on a record: 404, the very page a record
 *   that does not exist gets, and nothing changes;
 * - a convenor of no group (and not staff): 403 on the convenor area.
 *
 * Requests to A's group are made as visitors make them (the wizard, then the
 * join form, over HTTP); accounts sign in with the code emailed to them.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { addAccount, askToJoin, Client, DEMO, signIn, withoutNonce, type Fields } from "./support/back-office";
import { useMailSite } from "./support/mail-site";

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
  clients["signed out"] = new Client(site.base);
  for (const who of PERSONAS) if (who !== "signed out") clients[who] = await signIn(site, ACCOUNTS[who]());
}, 120_000);

const maxRequestId = () => (site.db.prepare("SELECT max(id) AS n FROM join_requests").get() as { n: number }).n;
const statusOf = (id: number) => (site.db.prepare("SELECT status FROM join_requests WHERE id = ?").get(id) as { status: string }).status;
const sessionCount = (email: string) =>
  (site.db.prepare("SELECT count(*) AS n FROM sessions WHERE user_id = (SELECT id FROM users WHERE email = ?)").get(email) as { n: number }).n;

/** The listing form as the editor sends it, from the group's row, with `changes`. */
function listingBody(slug: string, changes: Fields = {}): Fields {
  const g = site.db.prepare("SELECT * FROM groups WHERE slug = ?").get(slug) as Record<string, string | number>;
  const r = JSON.parse(g.rhythm as string) as { frequency: string; weekday: number; week?: number; anchorDate?: string; start: string; end: string };
  return {
    name: String(g.name),
    description: String(g.description),
    format: String(g.format),
    status: g.status === "full" ? "full" : "open",
    capacity: String(g.capacity),
    timeZone: String(g.time_zone),
    frequency: r.frequency,
    weekday: String(r.weekday),
    week: r.week === undefined ? "" : String(r.week),
    anchorDate: r.anchorDate ?? "",
    start: r.start,
    end: r.end,
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
  /** Signed out: 303 to /sign-in?redirectTo=<path> unless given. */
  expect: Partial<Record<Persona, Expected | typeof SIGN_IN>> & Record<Exclude<Persona, "signed out">, Expected>;
  /** Runs on a session of its own, signed in for it (the action ends sessions). */
  ownSession?: boolean;
}

const requestPath = (id: number) => `/convenor/requests/${id}`;

/**
 * Every back-office route and action. To add a route: one entry, with what
 * each persona gets. A convenor of no group is refused the whole convenor
 * area (403 from the area's layout), records included.
 */
const ROUTES: Route[] = [
  // The inbox.
  { label: "the inbox", method: "GET", path: () => "/convenor", expect: { "convenor A": 200, "convenor B": 200, staff: 200, "no group": 403 } },
  {
    label: "the inbox, filtered",
    method: "GET",
    path: () => "/convenor?status=new&group=hobart&page=1",
    expect: { "convenor A": 200, "convenor B": 200, staff: 200, "no group": 403 },
  },
  { label: "the inbox, page 2", method: "GET", path: () => "/convenor?page=2", expect: { "convenor A": 200, "convenor B": 200, staff: 200, "no group": 403 } },

  // A request's page and its decisions.
  { label: "a Hobart request", method: "GET", path: (f) => requestPath(f.hobart[0]!), expect: { "convenor A": 200, "convenor B": 404, staff: 200, "no group": 403 } },
  { label: "an Auckland request", method: "GET", path: (f) => requestPath(f.auckland[0]!), expect: { "convenor A": 404, "convenor B": 200, staff: 200, "no group": 403 } },
  { label: "a request that does not exist", method: "GET", path: (f) => requestPath(f.missing), expect: { "convenor A": 404, "convenor B": 404, staff: 404, "no group": 403 } },
  { label: "a request id that is not a number", method: "GET", path: () => "/convenor/requests/abc", expect: { "convenor A": 404, "convenor B": 404, staff: 404, "no group": 403 } },
  {
    label: "accept a Hobart request",
    method: "POST",
    path: (f, who) => requestPath(f.hobartFor[who]),
    body: () => ({ decision: "accepted", message: "Welcome." }),
    expect: {
      "convenor A": { to: /^\/convenor\/requests\/\d+\?done=accepted$/ },
      "convenor B": 404,
      staff: { to: /^\/convenor\/requests\/\d+\?done=accepted$/ },
      "no group": 404,
    },
  },
  {
    label: "decline a Hobart request, with no reason",
    method: "POST",
    path: (f) => requestPath(f.hobart[0]!),
    body: () => ({ decision: "declined", message: "" }),
    // The form's errors are only for those who may answer; the others learn nothing.
    expect: { "convenor A": 400, "convenor B": 404, staff: 400, "no group": 404 },
  },
  {
    label: "answer a request that does not exist",
    method: "POST",
    path: (f) => requestPath(f.missing),
    body: () => ({ decision: "accepted" }),
    expect: { "convenor A": 404, "convenor B": 404, staff: 404, "no group": 404 },
  },

  // Groups.
  { label: "the groups", method: "GET", path: () => "/convenor/groups", expect: { "convenor A": 200, "convenor B": 200, staff: 200, "no group": 403 } },
  { label: "Hobart's page", method: "GET", path: () => "/convenor/groups/hobart", expect: { "convenor A": 200, "convenor B": 404, staff: 200, "no group": 403 } },
  { label: "Auckland's page", method: "GET", path: () => "/convenor/groups/auckland-ponsonby", expect: { "convenor A": 404, "convenor B": 200, staff: 200, "no group": 403 } },
  { label: "a group that does not exist", method: "GET", path: () => "/convenor/groups/no-such-group", expect: { "convenor A": 404, "convenor B": 404, staff: 404, "no group": 403 } },
  {
    label: "mark Hobart full (places are left: no change)",
    method: "POST",
    path: () => "/convenor/groups/hobart",
    body: () => ({ intent: "mark-full" }),
    expect: { "convenor A": { to: /^\/convenor\/groups\/hobart$/ }, "convenor B": 404, staff: { to: /^\/convenor\/groups\/hobart$/ }, "no group": 404 },
  },
  {
    label: "offer a Hobart place to a request not waiting (no change)",
    method: "POST",
    path: () => "/convenor/groups/hobart",
    body: (f) => ({ intent: "offer-place", requestId: String(f.hobart[1]) }),
    expect: { "convenor A": { to: /^\/convenor\/groups\/hobart$/ }, "convenor B": 404, staff: { to: /^\/convenor\/groups\/hobart$/ }, "no group": 404 },
  },
  {
    label: "an unknown intent on Hobart's page",
    method: "POST",
    path: () => "/convenor/groups/hobart",
    body: () => ({ intent: "close-group" }),
    expect: { "convenor A": 400, "convenor B": 404, staff: 400, "no group": 404 },
  },
  {
    label: "mark a group that does not exist full",
    method: "POST",
    path: () => "/convenor/groups/no-such-group",
    body: () => ({ intent: "mark-full" }),
    expect: { "convenor A": 404, "convenor B": 404, staff: 404, "no group": 404 },
  },

  // The listing editor.
  { label: "Hobart's listing editor", method: "GET", path: () => "/convenor/groups/hobart/edit", expect: { "convenor A": 200, "convenor B": 404, staff: 200, "no group": 403 } },
  { label: "Auckland's listing editor", method: "GET", path: () => "/convenor/groups/auckland-ponsonby/edit", expect: { "convenor A": 404, "convenor B": 200, staff: 200, "no group": 403 } },
  { label: "the editor of a group that does not exist", method: "GET", path: () => "/convenor/groups/no-such-group/edit", expect: { "convenor A": 404, "convenor B": 404, staff: 404, "no group": 403 } },
  {
    label: "save Hobart's listing",
    method: "POST",
    path: () => "/convenor/groups/hobart/edit",
    body: (_f, who) => listingBody("hobart", { description: `Saved by ${who}.` }),
    expect: { "convenor A": { to: "/convenor/groups/hobart/edit?saved=1" }, "convenor B": 404, staff: { to: "/convenor/groups/hobart/edit?saved=1" }, "no group": 404 },
  },
  {
    label: "save Hobart's listing with errors",
    method: "POST",
    path: () => "/convenor/groups/hobart/edit",
    body: () => listingBody("hobart", { capacity: "1000", start: "25:00" }),
    expect: { "convenor A": 400, "convenor B": 404, staff: 400, "no group": 404 },
  },
  {
    label: "save the listing of a group that does not exist",
    method: "POST",
    path: () => "/convenor/groups/no-such-group/edit",
    body: () => listingBody("hobart"),
    expect: { "convenor A": 404, "convenor B": 404, staff: 404, "no group": 404 },
  },

  // --- The staff back office (/staff) ---------------------------------------------
  // Add its routes here as they are built, e.g.:
  //   { label: "staff home", method: "GET", path: () => "/staff", expect: { "convenor A": 403, "convenor B": 403, staff: 200, "no group": 403 } },
  // (requireStaff: 403 for anyone signed in who is not staff; signed out: 303 to /sign-in.)

  // The account.
  { label: "the account page", method: "GET", path: () => "/account", expect: { "convenor A": 200, "convenor B": 200, staff: 200, "no group": 200 } },
  {
    label: "the account page, an unknown intent",
    method: "POST",
    path: () => "/account",
    body: () => ({ intent: "delete-everything" }),
    expect: { "convenor A": 400, "convenor B": 400, staff: 400, "no group": 400 },
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
    expect: { "convenor A": SIGNED_OUT, "convenor B": SIGNED_OUT, staff: SIGNED_OUT, "no group": SIGNED_OUT },
  },
];

const describeExpected = (e: Expected | typeof SIGN_IN) => (typeof e === "number" ? String(e) : e === SIGN_IN ? "303 to /sign-in" : `303 to ${String(e.to)}`);

const CASES = ROUTES.flatMap((route) =>
  PERSONAS.map((who) => {
    const expected = route.expect[who] ?? SIGN_IN;
    return { route, who, expected, name: `${route.method} ${route.label} as ${who}: ${describeExpected(expected)}` };
  }),
);

describe("the authorisation matrix", () => {
  it.each(CASES)("$name", async ({ route, who, expected }) => {
    const path = route.path(f, who);
    let client = clients[who];
    if (route.ownSession && who !== "signed out") {
      client = await signIn(site, ACCOUNTS[who]());
      expect(sessionCount(ACCOUNTS[who]())).toBeGreaterThanOrEqual(2);
    }
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
    if ((path.startsWith("/convenor") || path === "/account") && ownPage) expect(res.headers.get("cache-control") ?? "", what).toMatch(/no-store/);
    // A refusal says nothing about the record: no applicant, no group name in the page.
    if (res.status === 403 || res.status === 404) {
      expect(body, what).not.toMatch(/Applicant (hobart|auckland)|authz-/);
      expect(body, what).not.toContain("data-request-id");
    }
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
const allHobart = () => sorted([...Object.values(f.hobartFor), ...f.hobart]);

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
