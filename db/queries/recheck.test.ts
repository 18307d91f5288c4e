import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type DB } from "../client";
import { migrate } from "../migrate";
import { addMonths, cancelRecheck, dueRechecks, getRecheck, markRecheckSent, scheduleRecheck } from "./recheck";

let db: DB;
beforeEach(() => {
  db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "pwcop-recheck-")), "t.db"));
  migrate(db);
});

const NOW = new Date("2026-01-31T09:00:00.000Z");

describe("addMonths", () => {
  it("keeps the day, or the month's last day", () => {
    expect(addMonths(NOW, 3).toISOString()).toBe("2026-04-30T09:00:00.000Z");
    expect(addMonths(NOW, 12).toISOString()).toBe("2027-01-31T09:00:00.000Z");
    expect(addMonths(new Date("2026-03-15T00:00:00Z"), 6).toISOString()).toBe("2026-09-15T00:00:00.000Z");
  });
});

describe("re-check reminders", () => {
  it("are due after their months, once, and then forget the address", () => {
    const { id, dueAt, created } = scheduleRecheck(db, { email: " Ana@Example.com ", months: 3 }, NOW);
    expect(created).toBe(true);
    expect(dueAt).toBe("2026-04-30T09:00:00.000Z");
    expect(dueRechecks(db, new Date("2026-04-30T08:59:59Z"))).toEqual([]);
    const due = dueRechecks(db, new Date(dueAt));
    expect(due.map((r) => [r.id, r.email])).toEqual([[id, "ana@example.com"]]);
    expect(markRecheckSent(db, id, new Date(dueAt))).toBe(true);
    expect(markRecheckSent(db, id, new Date(dueAt))).toBe(false);
    expect(getRecheck(db, id)).toMatchObject({ email: null, sentAt: dueAt });
    expect(dueRechecks(db, new Date("2030-01-01T00:00:00Z"))).toEqual([]);
    expect(cancelRecheck(db, id)).toBe("sent");
  });

  it("keep one waiting reminder per address: asking again moves it", () => {
    const first = scheduleRecheck(db, { email: "ana@example.com", months: 3 }, NOW);
    const second = scheduleRecheck(db, { email: "ANA@example.com", months: 12 }, NOW);
    expect(second).toMatchObject({ id: first.id, created: false, dueAt: "2027-01-31T09:00:00.000Z" });
    expect((db.prepare("SELECT count(*) AS n FROM recheck_reminders").get() as { n: number }).n).toBe(1);
  });

  it("cancelled ones are never due, and cancelling again is harmless", () => {
    const { id } = scheduleRecheck(db, { email: "ana@example.com", months: 6 }, NOW);
    expect(cancelRecheck(db, id)).toBe("cancelled");
    expect(cancelRecheck(db, id)).toBe("already");
    expect(cancelRecheck(db, 999)).toBe("unknown");
    expect(getRecheck(db, id)?.email).toBeNull();
    expect(dueRechecks(db, new Date("2030-01-01T00:00:00Z"))).toEqual([]);
    expect(markRecheckSent(db, id, new Date("2030-01-01T00:00:00Z"))).toBe(false);
  });
});
