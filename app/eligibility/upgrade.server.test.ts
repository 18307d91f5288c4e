/**
 * Snapshots saved under an older RULE_VERSION are replayed from their answers
 * through today's statechart, gazetteer and groups; where an answer cannot be
 * carried over, the person is told and keeps what they typed.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { RULE_VERSION } from "../../machines/criteria";
import { eligibilityMachine, type EligibilityEvent, type EligibilityOutput } from "../../machines/eligibility";
import { openDatabase, type DB } from "../../db/client";
import { findPlaces, loadGazetteer } from "../../db/gazetteer";
import { migrate } from "../../db/migrate";
import { seedDemoData } from "../../db/seed";
import { readWizardSnapshot, saveWizardSnapshot } from "../../db/queries/wizard-sessions";
import { matchFacts } from "../groups/groups.server";
import { nextSnapshot, restoreSnapshot, startSnapshot, type WizardSnapshot } from "./session.server";
import { isCurrent, replaySnapshot, versionOf } from "./upgrade.server";

let db: DB;
beforeAll(() => {
  db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "pwcop-upgrade-")), "t.db"));
  migrate(db);
  loadGazetteer(db);
  seedDemoData(db);
});

const persist = (s: WizardSnapshot) => JSON.parse(JSON.stringify(eligibilityMachine.getPersistedSnapshot(s))) as Record<string, unknown> & { context: Record<string, unknown> };

/** A persisted snapshot as an older version wrote it: its version (or none, before versions were stored), everything else as saved. */
function asOlder(p: ReturnType<typeof persist>, version: string | undefined) {
  const context = { ...p.context };
  if (version === undefined) delete context.ruleVersion;
  else context.ruleVersion = version;
  // Older snapshots had no decision groups either.
  if (context.decision && typeof context.decision === "object") context.decision = { ...(context.decision as object), groups: undefined };
  return { ...p, context };
}

function answer(events: EligibilityEvent[]): WizardSnapshot {
  let s = startSnapshot();
  for (const e of events) s = nextSnapshot(s, e) ?? (() => { throw new Error(`not accepted: ${JSON.stringify(e)} in ${String(s.value)}`); })();
  return s;
}

const hobartArea = () => findPlaces(db, "AU", "7000", 1)[0]!;

const FIT: EligibilityEvent[] = [
  { type: "answer.experience", experience: "workshops" },
  { type: "answer.practice", practice: "paid" },
  { type: "answer.supervision", supervision: "no" },
  { type: "answer.hopes", hopes: ["connection"] },
];

describe("replaying snapshots from an older RULE_VERSION", () => {
  it("a current snapshot is kept as it is; every snapshot carries its version", () => {
    const s = answer([...FIT]);
    const p = persist(s);
    expect(versionOf(p)).toBe(RULE_VERSION);
    expect(isCurrent(p)).toBe(true);
    expect(isCurrent(asOlder(p, "2026-11.1"))).toBe(false);
    expect(isCurrent(asOlder(p, undefined))).toBe(false);
  });

  it("an unfinished one is replayed to the same question, with the same answers", () => {
    const p = asOlder(persist(answer([...FIT])), undefined);
    const s = replaySnapshot(db, p)!;
    expect(s.value).toBe("location");
    expect(s.context.answers).toEqual({ experience: "workshops", practice: "paid", supervision: "no", hopes: ["connection"] });
    expect(s.context.ruleVersion).toBe(RULE_VERSION);
    expect(s.context.notice).toBeNull();
  });

  it("a finished one is decided again with today's groups, and says so", () => {
    const candidates = [hobartArea()];
    const done = answer([
      ...FIT,
      { type: "answer.location", country: "AU", place: "7000", format: "in_person", distanceKm: 25, candidates },
      { type: "confirm", facts: matchFacts(db, candidates[0]!) },
    ]);
    expect(done.status).toBe("done");
    const older = asOlder(persist(done), "2026-11.1");
    const s = replaySnapshot(db, older)!;
    expect(s.status).toBe("done");
    const out = s.output as EligibilityOutput;
    expect(out).toMatchObject({ outcome: "group", reasons: ["match"], ruleVersion: RULE_VERSION, notice: "rechecked" });
    expect(out.groups.map((g) => g.slug)).toEqual(["hobart"]);
    expect(out.area?.id).toBe(hobartArea().id);
  });

  it("an answer that can no longer be given stops there, says so, and keeps what was typed", () => {
    const p = asOlder(persist(answer([...FIT])), "2026-11.1");
    // As if the older version had offered a distance we no longer do, and a place the gazetteer no longer has.
    (p.context as { answers: Record<string, unknown> }).answers = {
      ...(p.context as { answers: object }).answers,
      country: "AU",
      place: "Atlantis",
      format: "in_person",
      distanceKm: 25,
    };
    const s = replaySnapshot(db, p)!;
    expect(s.value).toBe("location");
    expect(s.context.notice).toBe("answer_lost");
    expect(s.context.carried).toMatchObject({ country: "AU", place: "Atlantis", format: "in_person", distanceKm: 25 });
    expect(s.context.answers.country).toBeUndefined();

    const q = asOlder(persist(answer([...FIT])), "2026-11.1");
    (q.context as { answers: Record<string, unknown> }).answers = { experience: "expert" };
    const t = replaySnapshot(db, q)!;
    expect(t.value).toBe("experience");
    expect(t.context.notice).toBe("answer_lost");
    expect(t.context.carried).toMatchObject({ experience: "expert" });
  });

  it("restoring through the session replays and the result is current; the join intent is carried", () => {
    const s = nextSnapshot(answer([...FIT]), { type: "join.choose", group: { id: 7, slug: "hobart" } })!;
    const older = asOlder(persist(s), undefined);
    saveWizardSnapshot(db, "upgrade-test-session-1", older);
    const restored = restoreSnapshot(readWizardSnapshot(db, "upgrade-test-session-1"), db)!;
    expect(restored.value).toBe("location");
    expect(restored.context.joinGroup).toEqual({ id: 7, slug: "hobart" });
    expect(isCurrent(eligibilityMachine.getPersistedSnapshot(restored))).toBe(true);
  });

  it("garbage is no session", () => {
    for (const junk of [null, 42, "x", [], { context: 3 }]) expect(restoreSnapshot(junk, db)).toBeUndefined();
  });
});
