import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { eligibilityMachine } from "../../machines/eligibility";
import { openDatabase, type DB } from "../../db/client";
import { migrate } from "../../db/migrate";
import { listOutbox } from "../../db/queries/outbox";
import { readWizardSnapshot } from "../../db/queries/wizard-sessions";
import type { Services } from "../context";
import { parseEnv } from "../utils/env.server";
import { createLogger } from "../utils/logger.server";
import { emailResumeLink, forgetSpentResumeLinks, resumeFromToken } from "./resume.server";
import { nextSnapshot, startSnapshot } from "./session.server";

let db: DB;
let services: Services;
const NOW = new Date("2026-05-01T00:00:00.000Z");
const DAY = 24 * 60 * 60 * 1000;

beforeEach(() => {
  db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "pwcop-resume-")), "t.db"));
  migrate(db);
  services = { db, env: parseEnv({ APP_URL: "https://pwcop.example" }), logger: createLogger("silent"), secrets: ["a-test-secret-that-is-long-enough"] };
});

function snapshotAtSupervision() {
  const afterExperience = nextSnapshot(startSnapshot(), { type: "answer.experience", experience: "workshops" })!;
  const persisted = eligibilityMachine.getPersistedSnapshot(nextSnapshot(afterExperience, { type: "answer.practice", practice: "paid" })!);
  return JSON.parse(JSON.stringify(persisted)) as unknown;
}

function tokenFromOutbox() {
  const [m] = listOutbox(db);
  const url = m!.text.match(/https:\/\/pwcop\.example\/eligibility\/resume\?t=\S+/)![0];
  return new URL(url).searchParams.get("t");
}

describe("save and come back", () => {
  it("emails a single-use link that restores a copy of the answers as a new session", () => {
    const snapshot = snapshotAtSupervision();
    emailResumeLink(services, snapshot, "jo@example.com", NOW);
    const [m] = listOutbox(db);
    expect(m).toMatchObject({ kind: "wizard.resume", to: "jo@example.com" });
    expect(m!.headers).toEqual({});
    // The address is in the outbox message and nowhere else.
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'outbox'").all() as { name: string }[];
    for (const { name } of tables) expect(JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all())).not.toContain("jo@example.com");

    const t = tokenFromOutbox();
    const first = resumeFromToken(db, services.secrets, t, new Date(NOW.getTime() + DAY));
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.snapshot.value).toBe("supervision");
    expect(first.snapshot.context.answers).toMatchObject({ experience: "workshops", practice: "paid" });
    expect(readWizardSnapshot(db, first.sessionId)).toEqual(snapshot);
    expect(resumeFromToken(db, services.secrets, t, new Date(NOW.getTime() + DAY))).toEqual({ ok: false, reason: "used" });
  });

  it("refuses tampered and expired links and creates no session", () => {
    emailResumeLink(services, snapshotAtSupervision(), "jo@example.com", NOW);
    const t = tokenFromOutbox()!;
    expect(resumeFromToken(db, services.secrets, `${t}A`, NOW)).toEqual({ ok: false, reason: "invalid" });
    expect(resumeFromToken(db, services.secrets, t, new Date(NOW.getTime() + 7 * DAY + 1))).toEqual({ ok: false, reason: "expired" });
    expect((db.prepare("SELECT count(*) AS n FROM wizard_sessions").get() as { n: number }).n).toBe(0);
  });
});

describe("copies of answers in links", () => {
  it("are deleted once the link is used or has expired", () => {
    emailResumeLink(services, snapshotAtSupervision(), "a@example.com", NOW);
    const used = tokenFromOutbox()!;
    resumeFromToken(db, services.secrets, used, NOW);
    emailResumeLink(services, snapshotAtSupervision(), "b@example.com", NOW);
    emailResumeLink(services, snapshotAtSupervision(), "c@example.com", new Date(NOW.getTime() + 5 * DAY));
    const payloads = () => (db.prepare("SELECT payload FROM tokens ORDER BY created_at, rowid").all() as { payload: string }[]).map((r) => r.payload !== "{}");
    expect(forgetSpentResumeLinks(db, NOW)).toBe(1);
    expect(payloads()).toEqual([false, true, true]);
    expect(forgetSpentResumeLinks(db, new Date(NOW.getTime() + 7 * DAY))).toBe(1);
    expect(payloads()).toEqual([false, false, true]);
  });
});
