/**
 * "Is the group still meeting?" against a real SQLite file with the demo
 * groups: the job with the clock passed in, the four answers through the same
 * function the route's button uses, and staff told of unanswered rounds.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AppLoadContext } from "@remix-run/node";
import { beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type DB } from "../../db/client";
import { DEMO_GROUPS } from "../../db/demo-groups";
import { migrate } from "../../db/migrate";
import { auditForGroup } from "../../db/queries/audit";
import { getGroupBySlug } from "../../db/queries/groups";
import { listOutbox, type OutboxRow } from "../../db/queries/outbox";
import { addConvenor, upsertUser } from "../../db/queries/users";
import { seedDemoAccounts, seedDemoData } from "../../db/seed";
import { freshnessJobs, scheduledJobs } from "../../server/jobs";
import type { Services } from "../context";
import { groupPage } from "../groups/group-page.server";
import { groupsContent } from "../groups/content.server";
import { parseEnv } from "../utils/env.server";
import { createLogger } from "../utils/logger.server";
import { answerCheck, checkAction, checkLoader, startDueRounds } from "./freshness.server";

const DAY = 24 * 60 * 60 * 1000;
const WEEK = 7 * DAY;
/** When the demo groups were listed, in these tests. */
const START = new Date("2026-03-02T01:00:00.000Z");
/** Twelve weeks on: Monday 25 May 2026. */
const DUE = new Date(START.getTime() + 12 * WEEK);
const STAFF = "staff@anzpop.example";

let db: DB;
let services: Services;

function servicesWith(env: Record<string, string> = {}): Services {
  return {
    db,
    env: parseEnv({ APP_URL: "https://pwcop.example", STAFF_EMAIL: STAFF, ...env }),
    logger: createLogger("silent"),
    secrets: ["a-test-secret-that-is-long-enough"],
  };
}

beforeEach(() => {
  db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "pwcop-freshness-")), "t.db"));
  migrate(db);
  seedDemoData(db);
  db.prepare("UPDATE groups SET created_at = ?").run(START.toISOString());
  services = servicesWith();
});

/** The job as the outbox worker runs it: every scheduled job, at `now`. */
const runJobs = (now: Date, s = services) => {
  for (const job of scheduledJobs(s)) job.run(now);
};
const asks = () => listOutbox(db, 1000).filter((m) => m.kind === "freshness.ask");
const byKind = (kind: string) => listOutbox(db, 1000).filter((m) => m.kind === kind);
const groupRow = (slug: string) =>
  db.prepare("SELECT id, status, verified_at AS verifiedAt, paused_at AS pausedAt FROM groups WHERE slug = ?").get(slug) as {
    id: number;
    status: string;
    verifiedAt: string | null;
    pausedAt: string | null;
  };
const checksOf = (slug: string) =>
  db
    .prepare("SELECT c.id, c.round_start AS roundStart, c.answered_at AS answeredAt, c.answer FROM freshness_checks c JOIN groups g ON g.id = c.group_id WHERE g.slug = ? ORDER BY c.id")
    .all(slug) as { id: number; roundStart: string; answeredAt: string | null; answer: string | null }[];

const LABELS = {
  still_meeting: "Still meeting as listed",
  paused: "Taking a break",
  need_help: "We need help from ANZPOP",
  closing: "The group is closing",
} as const;
type Answer = keyof typeof LABELS;

/** The token behind one answer's link in an email. */
function tokenFor(mail: OutboxRow, answer: Answer): string {
  const m = new RegExp(`^${LABELS[answer]}\nhttps://pwcop\\.example/groups/check\\?token=(\\S+)$`, "m").exec(mail.text);
  if (!m) throw new Error(`no "${LABELS[answer]}" link in:\n${mail.text}`);
  return decodeURIComponent(m[1]!);
}
const askTo = (address: string) => {
  const found = asks().filter((m) => m.to === address);
  expect(found).toHaveLength(1);
  return found[0]!;
};
const convenorOf = (slug: string) => DEMO_GROUPS.find((g) => g.slug === slug)!.convenorEmail;

describe("the freshness job", () => {
  it("is one of the scheduled jobs", () => {
    expect(freshnessJobs(services).map((j) => j.name)).toEqual(["groups.freshness-rounds"]);
    expect(scheduledJobs(services).map((j) => j.name)).toContain("groups.freshness-rounds");
  });

  it("asks nobody before the interval has passed", () => {
    runJobs(new Date(DUE.getTime() - 60_000));
    expect(asks()).toEqual([]);
    expect(db.prepare("SELECT count(*) AS n FROM freshness_checks").get()).toEqual({ n: 0 });
  });

  it("emails each demo group's convenor exactly once when the round is due, and nothing on later runs", () => {
    runJobs(DUE);
    const mails = asks();
    expect(mails).toHaveLength(DEMO_GROUPS.length);
    expect(mails.map((m) => m.to).sort()).toEqual(DEMO_GROUPS.map((g) => g.convenorEmail).sort());

    const hobart = askTo("ruth.convenor@example.org");
    expect(hobart.subject).toBe("Is Hobart still meeting?");
    expect(hobart.text).toMatch(/^Hello Ruth,\n\nIs Hobart still meeting as its page on the PWCOP website says\? Every 12 weeks/);
    expect(hobart.text).toContain("The group's page: https://pwcop.example/groups/hobart\n");
    const tokens = (Object.keys(LABELS) as Answer[]).map((a) => tokenFor(hobart, a));
    expect(new Set(tokens).size).toBe(4);
    // 28 days from Monday 25 May 2026, in Hobart.
    expect(hobart.text).toContain("the links work until Monday 22 June 2026");
    expect(hobart.html).toMatch(/<a href="https:\/\/pwcop\.example\/groups\/check\?token=[^"]+" style="[^"]*">Still meeting as listed<\/a>/);
    expect(hobart.html).not.toMatch(/<img/i);

    // One round per group, keyed by round; no address in any key (keys outlive addresses in the outbox).
    expect(db.prepare("SELECT count(*) AS n FROM freshness_checks WHERE round_start = '2026-05-25T00:00:00.000Z'").get()).toEqual({ n: DEMO_GROUPS.length });
    const keys = (db.prepare("SELECT dedupe_key AS k FROM outbox WHERE kind = 'freshness.ask'").all() as { k: string }[]).map((r) => r.k);
    for (const k of keys) expect(k).toMatch(/^freshness:\d+:listed$/);

    runJobs(DUE);
    runJobs(new Date(DUE.getTime() + 60_000));
    runJobs(new Date(DUE.getTime() + 11 * WEEK));
    expect(asks()).toHaveLength(DEMO_GROUPS.length);
    expect(listOutbox(db, 1000).map((m) => m.kind).filter((k) => k.startsWith("freshness."))).toHaveLength(DEMO_GROUPS.length);
  });

  it("with the demo accounts seeded, emails each demo convenor's account exactly once", () => {
    seedDemoAccounts(db);
    runJobs(DUE);
    runJobs(DUE);
    expect(asks().map((m) => m.to).sort()).toEqual(DEMO_GROUPS.map((g) => g.convenorEmail).sort());
    expect(askTo("ruth.convenor@example.org").text).toMatch(/^Hello Ruth,/);
    const keys = (db.prepare("SELECT dedupe_key AS k FROM outbox WHERE kind = 'freshness.ask'").all() as { k: string }[]).map((r) => r.k);
    for (const k of keys) expect(k).toMatch(/^freshness:\d+:user:\d+$/);
  });

  it("leaves closed groups alone, and does nothing when FRESHNESS_EVERY_WEEKS is 0", () => {
    runJobs(DUE, servicesWith({ FRESHNESS_EVERY_WEEKS: "0" }));
    expect(asks()).toEqual([]);
    db.prepare("UPDATE groups SET status = 'closed' WHERE slug = 'hobart'").run();
    expect(startDueRounds(services, DUE)).toEqual({ rounds: DEMO_GROUPS.length - 1, emails: DEMO_GROUPS.length - 1, flagged: 0 });
    expect(asks().map((m) => m.to)).not.toContain("ruth.convenor@example.org");
  });

  it("follows FRESHNESS_EVERY_WEEKS", () => {
    const every4 = servicesWith({ FRESHNESS_EVERY_WEEKS: "4" });
    runJobs(new Date(START.getTime() + 4 * WEEK - 60_000), every4);
    expect(asks()).toEqual([]);
    runJobs(new Date(START.getTime() + 4 * WEEK), every4);
    expect(asks()).toHaveLength(DEMO_GROUPS.length);
    expect(askTo("ruth.convenor@example.org").text).toContain("Every 4 weeks");
  });

  it("writes to each convenor's account once, greeting by the listed name only the listed convenor", () => {
    const hobart = groupRow("hobart").id;
    const ruth = upsertUser(db, { email: "Ruth.Convenor@example.org", role: "convenor", name: "Ruth" }).user;
    const coConvenor = upsertUser(db, { email: "co.convenor@example.org", role: "convenor", name: "Someone Else" }).user;
    addConvenor(db, hobart, ruth.id);
    addConvenor(db, hobart, coConvenor.id);
    runJobs(DUE);
    runJobs(DUE);
    expect(askTo("ruth.convenor@example.org").text).toMatch(/^Hello Ruth,/);
    const co = askTo("co.convenor@example.org");
    expect(co.text).toMatch(/^Hello,\n\nIs Hobart still meeting/);
    expect(asks()).toHaveLength(DEMO_GROUPS.length + 1);
    const keys = (db.prepare("SELECT dedupe_key AS k FROM outbox WHERE to_address LIKE '%co.convenor%' OR to_address LIKE 'ruth%'").all() as { k: string }[]).map((r) => r.k);
    expect(keys.sort()).toEqual([`freshness:${checksOf("hobart")[0]!.id}:user:${coConvenor.id}`, `freshness:${checksOf("hobart")[0]!.id}:user:${ruth.id}`].sort());
  });
});

describe("answers", () => {
  const ANSWERED_AT = new Date(DUE.getTime() + 2 * DAY); // Wednesday 27 May 2026
  const staffMail = () => listOutbox(db, 1000).filter((m) => m.to === STAFF);

  beforeEach(() => runJobs(DUE));

  it("still meeting as listed: confirms the listing (ending a break), and the public page says when", () => {
    const slug = "melbourne-inner-north";
    db.prepare("UPDATE groups SET paused_at = ? WHERE slug = ?").run(START.toISOString(), slug);
    const mail = askTo(convenorOf(slug));
    expect(groupPage(db, slug, ANSWERED_AT).group.confirmed).toBeNull();

    const result = answerCheck(services, tokenFor(mail, "still_meeting"), ANSWERED_AT);
    expect(result).toMatchObject({ ok: true, answer: "still_meeting", slug });
    expect(groupRow(slug)).toMatchObject({ status: "open", verifiedAt: ANSWERED_AT.toISOString(), pausedAt: null });
    expect(checksOf(slug)).toEqual([expect.objectContaining({ answeredAt: ANSWERED_AT.toISOString(), answer: "still_meeting" })]);
    expect(staffMail()).toEqual([]);
    const page = groupPage(db, slug, ANSWERED_AT);
    expect(page.group.confirmed).toBe("Details confirmed by the convenor in May 2026");
    expect(page.group.paused).toBeNull();
    expect(auditForGroup(db, groupRow(slug).id)).toEqual([
      expect.objectContaining({ actor: "convenor (email link)", actorUserId: null, action: "freshness.answered", subjectType: "group", subjectId: groupRow(slug).id, detail: { answer: "still_meeting", checkId: checksOf(slug)[0]!.id } }),
    ]);
  });

  it("shows the confirmed month in the group's own time zone", () => {
    const slug = "auckland-ponsonby";
    // 31 May, 1 pm UTC, is 1 June in Auckland.
    answerCheck(services, tokenFor(askTo(convenorOf(slug)), "still_meeting"), new Date("2026-05-31T13:00:00.000Z"));
    expect(groupPage(db, slug).group.confirmed).toBe("Details confirmed by the convenor in June 2026");
  });

  it("taking a break: paused and confirmed, the public page says so, staff are not told", () => {
    const slug = "brisbane";
    answerCheck(services, tokenFor(askTo(convenorOf(slug)), "paused"), ANSWERED_AT);
    expect(groupRow(slug)).toMatchObject({ status: "open", verifiedAt: ANSWERED_AT.toISOString(), pausedAt: ANSWERED_AT.toISOString() });
    expect(checksOf(slug)[0]).toMatchObject({ answer: "paused" });
    expect(staffMail()).toEqual([]);
    const page = groupPage(db, slug, ANSWERED_AT);
    expect(page.group.paused).toBe(groupsContent.group.paused);
    expect(page.group.confirmed).toBe("Details confirmed by the convenor in May 2026");
  });

  it("need help: confirmed, and staff are emailed once", () => {
    const slug = "adelaide";
    answerCheck(services, tokenFor(askTo(convenorOf(slug)), "need_help"), ANSWERED_AT);
    expect(groupRow(slug)).toMatchObject({ status: "open", verifiedAt: ANSWERED_AT.toISOString(), pausedAt: null });
    expect(checksOf(slug)[0]).toMatchObject({ answer: "need_help" });
    const [mail, ...more] = staffMail();
    expect(more).toEqual([]);
    expect(mail!.kind).toBe("freshness.needHelp");
    expect(mail!.subject).toBe("Adelaide would like help from ANZPOP");
    expect(mail!.text).toContain("- Group: Adelaide, https://pwcop.example/groups/adelaide\n- Listed convenor: Ben\n- Answered by: ben.convenor@example.org\n- Answered on: Wednesday 27 May 2026\n");
    expect(mail!.text).not.toContain("token=");
  });

  it("closing: the status stays until staff act, and staff are emailed at once", () => {
    const slug = "canberra";
    answerCheck(services, tokenFor(askTo(convenorOf(slug)), "closing"), ANSWERED_AT);
    expect(groupRow(slug)).toMatchObject({ status: "open", verifiedAt: null, pausedAt: null });
    expect(checksOf(slug)[0]).toMatchObject({ answeredAt: ANSWERED_AT.toISOString(), answer: "closing" });
    const [mail, ...more] = staffMail();
    expect(more).toEqual([]);
    expect(mail).toMatchObject({ kind: "freshness.closing", subject: "Canberra is closing, says its convenor" });
    expect(mail!.text).toContain("npm run group:status -- canberra closed");
    expect(mail!.text).toContain("- Answered by: alex.convenor@example.org\n");
  });

  it("once a round is answered, every link of it says so and changes nothing", () => {
    const slug = "adelaide";
    const mail = askTo(convenorOf(slug));
    expect(answerCheck(services, tokenFor(mail, "need_help"), ANSWERED_AT).ok).toBe(true);
    const before = { outbox: listOutbox(db, 1000).length, audit: auditForGroup(db, groupRow(slug).id).length, group: groupRow(slug), checks: checksOf(slug) };
    for (const answer of Object.keys(LABELS) as Answer[]) {
      const again = answerCheck(services, tokenFor(mail, answer), new Date(ANSWERED_AT.getTime() + DAY));
      expect(again).toMatchObject({ ok: false, resolved: { kind: "answered" } });
    }
    expect({ outbox: listOutbox(db, 1000).length, audit: auditForGroup(db, groupRow(slug).id).length, group: groupRow(slug), checks: checksOf(slug) }).toEqual(before);
    // Every link of the round is used up.
    expect(db.prepare("SELECT count(*) AS n FROM tokens WHERE purpose = 'freshness' AND subject = ? AND used_at IS NULL").get(String(before.checks[0]!.id))).toEqual({ n: 0 });
  });

  it("a co-convenor's answer ends the round for every convenor", () => {
    const hobart = groupRow("hobart").id;
    db.prepare("DELETE FROM freshness_checks").run();
    db.prepare("DELETE FROM outbox").run();
    const ruth = upsertUser(db, { email: "ruth.convenor@example.org", role: "convenor" }).user;
    const co = upsertUser(db, { email: "co.convenor@example.org", role: "convenor" }).user;
    addConvenor(db, hobart, ruth.id);
    addConvenor(db, hobart, co.id);
    runJobs(DUE);
    const result = answerCheck(services, tokenFor(askTo("co.convenor@example.org"), "need_help"), ANSWERED_AT);
    expect(result.ok).toBe(true);
    expect(answerCheck(services, tokenFor(askTo("ruth.convenor@example.org"), "still_meeting"), ANSWERED_AT)).toMatchObject({ ok: false, resolved: { kind: "answered" } });
    expect(staffMail()[0]!.text).toContain("- Answered by: co.convenor@example.org\n");
  });

  it("expired, tampered and missing links change nothing", () => {
    const slug = "perth-fremantle";
    const mail = askTo(convenorOf(slug));
    const token = tokenFor(mail, "still_meeting");
    expect(answerCheck(services, token, new Date(DUE.getTime() + 28 * DAY + 60_000))).toMatchObject({ ok: false, resolved: { kind: "expired" } });
    expect(answerCheck(services, `${token.slice(0, -2)}xx`, ANSWERED_AT)).toMatchObject({ ok: false, resolved: { kind: "invalid" } });
    expect(answerCheck(services, null, ANSWERED_AT)).toMatchObject({ ok: false, resolved: { kind: "invalid" } });
    expect(groupRow(slug)).toMatchObject({ verifiedAt: null, pausedAt: null });
    expect(checksOf(slug)[0]!.answeredAt).toBeNull();
  });
});

describe("the route", () => {
  it("a GET shows the answer and a button and changes nothing; the POST answers and redirects; the links then say it is answered", async () => {
    // The route reads the real clock: a round that began just now.
    db.prepare("UPDATE groups SET created_at = ?").run(new Date(Date.now() - 13 * WEEK).toISOString());
    runJobs(new Date());
    const slug = "northern-rivers";
    const token = tokenFor(askTo(convenorOf(slug)), "paused");
    const url = `https://pwcop.example/groups/check?token=${encodeURIComponent(token)}`;
    const args = (request: Request) => ({ request, context: services as unknown as AppLoadContext, params: {} });
    const shown = (await checkLoader(args(new Request(url)))) as unknown as { data: { tone: string; title: string; form: { button: string; fields: Record<string, string> } }; init: { status?: number } };
    expect(shown.data).toMatchObject({ tone: "ask", title: "Is Northern Rivers taking a break?", form: { button: "Yes, the group is taking a break", fields: { token } } });
    expect(groupRow(slug).pausedAt).toBeNull();

    const post = new Request("https://pwcop.example/groups/check", { method: "POST", body: new URLSearchParams({ token }) });
    const thrown = await checkAction(args(post)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(303);
    expect((thrown as Response).headers.get("Location")).toBe(`/groups/check?done=paused&group=${slug}`);
    expect(groupRow(slug).pausedAt).not.toBeNull();
    const done = (await checkLoader(args(new Request(`https://pwcop.example/groups/check?done=paused&group=${slug}`)))) as unknown as { data: { tone: string; title: string; paragraphs: string[] } };
    expect(done.data).toMatchObject({ tone: "done", title: "Thank you: the group is taking a break" });
    expect(done.data.paragraphs[0]).toMatch(/^The page for Northern Rivers now says the group is taking a break\./);

    const again = (await checkLoader(args(new Request(url)))) as unknown as { data: { title: string; paragraphs: string[] }; init: { status?: number } };
    expect(again.init.status).toBe(410);
    expect(again.data.title).toBe("This has already been answered");
    expect(again.data.paragraphs[0]).toMatch(/the answer for Northern Rivers was: taking a break\./);
  });
});

describe("rounds nobody answers", () => {
  const staffUnanswered = () => byKind("freshness.unanswered");

  it("tell staff once per group when a round starts after an unanswered one; an answered group is asked again 12 weeks after its answer", () => {
    runJobs(DUE);
    const answeredAt = new Date(DUE.getTime() + DAY);
    answerCheck(services, tokenFor(askTo(convenorOf("hobart")), "still_meeting"), answeredAt);

    const SECOND = new Date(DUE.getTime() + 12 * WEEK);
    runJobs(SECOND);
    runJobs(new Date(SECOND.getTime() + 60_000));
    expect(asks()).toHaveLength(2 * DEMO_GROUPS.length - 1);
    expect(checksOf("hobart")).toHaveLength(1);
    const flagged = staffUnanswered();
    expect(flagged).toHaveLength(DEMO_GROUPS.length - 1);
    expect(flagged.every((m) => m.to === STAFF)).toBe(true);
    const perth = flagged.find((m) => m.subject === "No answer from Perth: is it still meeting?")!;
    expect(perth.text).toContain("We asked the convenors of Perth on Monday 25 May 2026 whether the group is still meeting, and had no answer. We have just asked again.");
    expect(perth.text).toContain("- Asked: priya.convenor@example.org\n- Unanswered emails in a row, before today's: 1\n- Last confirmed by a convenor: not yet\n");
    const perthId = groupRow("perth-fremantle").id;
    expect(auditForGroup(db, perthId)).toEqual([expect.objectContaining({ actor: "system", action: "freshness.unanswered", detail: { checkId: checksOf("perth-fremantle")[1]!.id, unansweredRounds: 1 } })]);

    // Hobart confirmed a day after its first round began: its second round comes 12 weeks after that, with nothing for staff.
    runJobs(new Date(answeredAt.getTime() + 12 * WEEK));
    expect(checksOf("hobart")).toHaveLength(2);
    expect(staffUnanswered()).toHaveLength(DEMO_GROUPS.length - 1);

    // A third silent round: staff hear again, with the count.
    runJobs(new Date(SECOND.getTime() + 12 * WEEK));
    const third = staffUnanswered().filter((m) => m.subject === "No answer from Perth: is it still meeting?");
    expect(third).toHaveLength(2);
    expect(third.some((m) => m.text.includes("- Unanswered emails in a row, before today's: 2\n"))).toBe(true);
  });

  it("do not count when the listing was confirmed since (for example in the convenor's area)", () => {
    runJobs(DUE);
    const confirmedElsewhere = new Date(DUE.getTime() + 3 * WEEK);
    db.prepare("UPDATE groups SET verified_at = ? WHERE slug = 'brisbane'").run(confirmedElsewhere.toISOString());
    runJobs(new Date(confirmedElsewhere.getTime() + 12 * WEEK));
    expect(checksOf("brisbane")).toHaveLength(2);
    expect(staffUnanswered().map((m) => m.subject)).not.toContain("No answer from Brisbane: is it still meeting?");
  });
});

// The public page reads the listing fields through the ordinary group query.
it("getGroupBySlug carries verifiedAt and pausedAt", () => {
  expect(getGroupBySlug(db, "hobart")).toMatchObject({ verifiedAt: null, pausedAt: null });
});
