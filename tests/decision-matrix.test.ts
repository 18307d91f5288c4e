/**
 * Who may give which answer to a join request, checked on the server: every
 * decision and every decline reason posted to each route that takes
 * decisions, by someone signed out, the convenor of the request's group (A,
 * Ruth, Hobart), the convenor of another group (B, Aroha, Auckland) and
 * staff, over HTTP against the production server (build/).
 *
 * Expected, written from the rules rather than read from the code's own
 * declaration (machines/join-request.ts DECISION_PERMISSIONS):
 * - signed out: 303 to /sign-in, to come back to the page;
 * - B: 404 on the convenor's request page (the same as no such request),
 *   403 on staff's;
 * - A: every answer and reason on their request page, except `group_closed`,
 *   which only staff give (422, the message next to the reason); 403 on
 *   staff's page;
 * - staff: everything, on both pages;
 * - a malformed answer (no reason, an unknown reason or answer, the
 *   applicant's own "withdrawn"): 400 for those who may answer.
 * Where anything is refused, no row of any table changes (read straight
 * from the SQLite file; only sessions' last-seen time may move).
 *
 * The emailed decision link (/join-requests/decide) takes its answer from
 * its token alone: posted answers and reasons are ignored, and without a
 * real token nothing changes, whoever posts.
 */
import crypto from "node:crypto";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import convenorCopy from "../content/convenor.json";
import { askToJoin, Client, DEMO, signIn, type Fields } from "./support/back-office";
import { DbWatch } from "./support/db-state";
import { mailTo, outboxDrained, waitFor } from "./support/inbox";
import { startServer, type RunningServer } from "./support/server";
import { startSmtp, type TestSmtp } from "./support/smtp";

const ROLES = ["signed out", "convenor A", "convenor B", "staff"] as const;
type Role = (typeof ROLES)[number];

const REASONS = ["not_a_fit", "group_full", "too_far", "not_practising", "group_closed", "other"] as const;
/** Reasons only staff give: a group closing is staff's decision. */
const STAFF_ONLY_REASONS = new Set(["group_closed"]);

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

interface Body {
  label: string;
  fields: Fields;
  /** The status it leads to when allowed; null for a malformed answer (400 for anyone who may answer). */
  to: string | null;
  reason?: string;
}

const BODIES: Body[] = [
  { label: "accept", fields: { decision: "accepted", message: "Welcome." }, to: "accepted" },
  { label: "meet first", fields: { decision: "meet_first", meetOn: day(20), message: "A coffee first?" }, to: "meet_first" },
  { label: "waiting list", fields: { decision: "waiting_list", message: "" }, to: "waiting_list" },
  ...REASONS.map((reason) => ({ label: `decline: ${reason}`, fields: { decision: "declined", declineReason: reason, message: "" }, to: "declined", reason })),
  { label: "decline with no reason", fields: { decision: "declined", declineReason: "", message: "" }, to: null },
  { label: "decline with a reason that does not exist", fields: { decision: "declined", declineReason: "spite", message: "" }, to: null },
  { label: "withdraw (only the applicant may)", fields: { decision: "withdrawn", message: "" }, to: null },
  { label: "an answer that does not exist", fields: { decision: "expelled", message: "" }, to: null },
];

type Expected = { status: 303; to: string } | { status: 400 | 403 | 404 | 422 };

const ROUTES = {
  convenor: (id: number) => `/convenor/requests/${id}`,
  staff: (id: number) => `/staff/requests/${id}`,
} as const;
type RouteName = keyof typeof ROUTES;

function expected(route: RouteName, role: Role, body: Body, path: string): Expected {
  if (role === "signed out") return { status: 303, to: `/sign-in?redirectTo=${encodeURIComponent(path)}` };
  if (route === "staff" && role !== "staff") return { status: 403 };
  if (role === "convenor B") return { status: 404 };
  if (body.to === null) return { status: 400 };
  if (role === "convenor A" && body.reason && STAFF_ONLY_REASONS.has(body.reason)) return { status: 422 };
  return { status: 303, to: `${path}?done=${body.to}` };
}

let smtp: TestSmtp;
let server: RunningServer;
let db: Database.Database;
let base: string;
const clients = {} as Record<Role, Client>;

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer({ SMTP_URL: smtp.url, MAIL_POLL_MS: "100", WEB_CONCURRENCY: "1" });
  base = server.baseURL;
  db = new Database(server.databasePath);
  db.pragma("busy_timeout = 5000");
  clients["signed out"] = new Client(base);
  clients["convenor A"] = await signIn({ smtp, base }, DEMO.hobart);
  clients["convenor B"] = await signIn({ smtp, base }, DEMO.auckland);
  clients.staff = await signIn({ smtp, base }, DEMO.staff);
}, 120_000);

afterAll(async () => {
  db?.close();
  await server?.stop();
  await smtp?.close();
});

let made = 0;
/** A new Hobart request stored straight into the SQLite file. */
function newRequest(): number {
  const n = ++made;
  const created = new Date(Date.now() - 86_400_000).toISOString();
  const { id } = db
    .prepare(
      `INSERT INTO join_requests (public_id, group_id, wizard_session_id, name, email, note, hopes, answers, outcome, reasons, rule_version, distance_km, consented_at, status, created_at, status_changed_at)
       VALUES (?, (SELECT id FROM groups WHERE slug = 'hobart'), ?, ?, ?, '', '[]', '{}', 'match', '[]', 'test', 4.2, ?, 'new', ?, ?) RETURNING id`,
    )
    .get(crypto.randomBytes(12).toString("base64url"), `matrix-${n}`, `Matrix Applicant ${n}`, `matrix-${n}@example.com`, created, created, created) as { id: number };
  return id;
}

const requestRow = (id: number) => db.prepare("SELECT status, decline_reason AS reason FROM join_requests WHERE id = ?").get(id) as { status: string; reason: string | null };
const lastAudit = (id: number) =>
  db.prepare("SELECT action, actor_user_id AS actorUserId, detail FROM audit_log WHERE subject_type = 'join_request' AND subject_id = ? AND action LIKE 'request.%' ORDER BY id DESC LIMIT 1").get(id) as
    | { action: string; actorUserId: number | null; detail: string }
    | undefined;
/** Everything in the file, from now on; a session's last-seen time is housekeeping. */
const watch = () => new DbWatch(db, { sessions: ["last_seen_at"] });

describe("the decision matrix", () => {
  let posts = 0;
  afterAll(() => {
    console.log(`decision matrix: ${posts} posts to the request pages and the emailed link route`);
  });

  it("each page offers exactly the reasons its reader may give", async () => {
    const id = newRequest();
    const reasonsOn = async (client: Client, path: string) => {
      const html = await (await client.get(path)).text();
      return [...html.matchAll(/<option value="([a-z_]+)"/g)].map((m) => m[1]).filter((v) => (REASONS as readonly string[]).includes(v!));
    };
    expect(await reasonsOn(clients["convenor A"], ROUTES.convenor(id))).toEqual(REASONS.filter((r) => !STAFF_ONLY_REASONS.has(r)));
    expect(await reasonsOn(clients.staff, ROUTES.convenor(id))).toEqual([...REASONS]);
    expect(await reasonsOn(clients.staff, ROUTES.staff(id))).toEqual([...REASONS]);
  });

  for (const route of ["convenor", "staff"] as const) {
    for (const role of ROLES) {
      it(`${route === "convenor" ? "/convenor/requests/:id" : "/staff/requests/:id"} as ${role}: every answer and reason`, async () => {
        await outboxDrained(db);
        // Refused answers all go to one request, which must end as it began.
        const untouched = newRequest();
        const files = watch();
        for (const body of BODIES) {
          const allowed = expected(route, role, body, ROUTES[route](0)).status === 303 && role !== "signed out";
          const id = allowed ? newRequest() : untouched;
          const path = ROUTES[route](id);
          const want = expected(route, role, body, path);
          const fields = route === "staff" ? { intent: "decide", ...body.fields } : body.fields;
          const res = await clients[role].post(path, fields);
          posts++;
          const html = await res.text();
          const what = `POST ${path} ${body.label} as ${role}: ${res.status} ${res.headers.get("location") ?? ""}`;
          expect(res.status, what).toBe(want.status);
          if (want.status === 303) expect(res.headers.get("location"), what).toBe(want.to);
          if (allowed) {
            expect(requestRow(id), what).toEqual({ status: body.to, reason: body.reason ?? null });
            const audit = lastAudit(id)!;
            expect(audit.action, what).toBe(`request.${body.to}`);
            if (body.reason) expect(JSON.parse(audit.detail), what).toMatchObject({ reason: body.reason });
            await outboxDrained(db);
            files.reset();
          } else {
            expect(files.changed(), what).toEqual([]);
            expect(requestRow(id), what).toEqual({ status: "new", reason: null });
          }
          if (want.status === 422) {
            // Said next to the reason, on the request's own page.
            expect(html, what).toContain('id="declined-declineReason-error"');
            expect(html, what).toContain(convenorCopy.request.errors.reason_not_yours);
          }
        }
      });
    }
  }

  it("the emailed decision link: the answer is the token's; posted answers and reasons are ignored, and without a token nothing changes", async () => {
    await outboxDrained(db);
    const untouched = newRequest();
    const before = watch();
    for (const role of ROLES) {
      for (const body of BODIES) {
        const res = await clients[role].post("/join-requests/decide?token=not-a-token", { token: "not-a-token", ...body.fields });
        posts++;
        const what = `POST /join-requests/decide ${body.label} as ${role}, no real token`;
        expect(res.status, what).toBe(400);
        expect(before.changed(), what).toEqual([]);
      }
    }
    expect(requestRow(untouched)).toEqual({ status: "new", reason: null });

    // A real Decline link, posted with another answer and a staff-only reason: declined, with no reason recorded.
    const applicant = { name: "Linked Applicant", email: `matrix-link-${crypto.randomBytes(3).toString("hex")}@example.com`, note: "" };
    const id = await askToJoin({ base, db }, "hobart", applicant);
    const mail = await waitFor("the convenor's email about the request", () => mailTo(smtp, DEMO.hobart).find((m) => m.text.includes(applicant.email)), 15_000);
    const lines = mail.text.split("\n");
    const decline = lines
      .map((line, i) => ({ url: /(https?:\/\/\S+)/.exec(line)?.[1], label: `${lines[i - 1] ?? ""} ${line}` }))
      .find((l) => l.url && new URL(l.url).pathname === "/join-requests/decide" && /\bDecline\b/.test(l.label));
    expect(decline, mail.text).toBeTruthy();
    const token = new URL(decline!.url!).searchParams.get("token")!;
    for (const role of ROLES) {
      const res = await clients[role].post(`/join-requests/decide?token=${encodeURIComponent(token)}`, { token, decision: "accepted", declineReason: "group_closed", message: "" });
      posts++;
      if (role === "signed out") {
        expect(res.status).toBe(303);
        expect(res.headers.get("location")).toBe("/join-requests/decide/done?answer=declined");
      } else {
        // Used up by the first post: "already answered", whoever posts.
        expect(res.status, role).toBe(410);
      }
    }
    expect(requestRow(id)).toEqual({ status: "declined", reason: null });
  });
});
