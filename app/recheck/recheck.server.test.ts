import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type DB } from "../../db/client";
import { migrate } from "../../db/migrate";
import { listOutbox } from "../../db/queries/outbox";
import { getRecheck } from "../../db/queries/recheck";
import { checkStableToken } from "../../db/queries/tokens";
import { followUpJobs, scheduledJobs } from "../../server/jobs";
import type { Services } from "../context";
import { parseEnv } from "../utils/env.server";
import { createLogger } from "../utils/logger.server";
import { CANCEL_PURPOSE, cancelUrl, queueDueRechecks, setRecheck } from "./recheck.server";

let db: DB;
let services: Services;
const NOW = new Date("2026-02-10T00:00:00.000Z");

beforeEach(() => {
  db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "pwcop-recheck-job-")), "t.db"));
  migrate(db);
  services = { db, env: parseEnv({ APP_URL: "https://pwcop.example" }), logger: createLogger("silent"), secrets: ["a-test-secret-that-is-long-enough"] };
});

const kinds = () => listOutbox(db).map((m) => m.kind).sort();

describe("re-check reminders", () => {
  it("say at once that the reminder is set, with a cancel link and one-click headers", () => {
    const { id } = setRecheck(services, { email: "ana@example.com", months: 6 }, NOW);
    const [m] = listOutbox(db);
    expect(m).toMatchObject({ kind: "recheck.set", to: "ana@example.com", subject: "Your reminder to check again is set" });
    const url = cancelUrl(services, id);
    expect(m!.text).toContain(url);
    expect(m!.text).toContain("August 2026");
    expect(m!.headers).toEqual({ "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
    expect(checkStableToken(services.secrets, new URL(url).searchParams.get("t"), CANCEL_PURPOSE)).toBe(String(id));
  });

  it("queue the reminder when due, exactly once, and forget the address", () => {
    const { id } = setRecheck(services, { email: "ana@example.com", months: 3 }, NOW);
    expect(queueDueRechecks(services, new Date("2026-05-09T23:59:59Z"))).toBe(0);
    const job = followUpJobs(services).find((j) => j.name === "recheck.reminders");
    job!.run(new Date("2026-05-10T00:00:00Z"));
    job!.run(new Date("2026-05-10T00:01:00Z"));
    expect(queueDueRechecks(services, new Date("2027-01-01T00:00:00Z"))).toBe(0);
    expect(kinds()).toEqual(["recheck.reminder", "recheck.set"]);
    const reminder = listOutbox(db).find((m) => m.kind === "recheck.reminder")!;
    expect(reminder).toMatchObject({ to: "ana@example.com", subject: "Time to check again: is a Process Work Community of Practice for you?" });
    expect(reminder.text).toContain("https://pwcop.example/eligibility\n");
    expect(reminder.text).toContain(cancelUrl(services, id));
    expect(getRecheck(db, id)).toMatchObject({ email: null, sentAt: "2026-05-10T00:00:00.000Z" });
  });

  it("never send a cancelled reminder", () => {
    const { id } = setRecheck(services, { email: "ana@example.com", months: 3 }, NOW);
    db.prepare("UPDATE recheck_reminders SET cancelled_at = ?, email = NULL WHERE id = ?").run(NOW.toISOString(), id);
    expect(queueDueRechecks(services, new Date("2027-01-01T00:00:00Z"))).toBe(0);
    expect(kinds()).toEqual(["recheck.set"]);
  });

  it("run among the scheduled jobs", () => {
    expect(scheduledJobs(services).map((j) => j.name)).toContain("recheck.reminders");
  });
});
