import { type DB, writeTransaction } from "./client";
import { DEMO_GROUPS } from "./demo-groups";
import { insertGroup } from "./queries/groups";
import { getSetting, setSetting } from "./queries/settings";
import { addConvenor, upsertUser } from "./queries/users";

/** The demo staff account: sign in with it at /sign-in (the code is at /dev/mail while no SMTP server is set). */
export const DEMO_STAFF_EMAIL = "demo.staff@example.org";

/**
 * Seeds the demo groups once per database. Idempotent: a second start adds
 * nothing, and demo groups staff have removed do not come back.
 */
export function seedDemoData(db: DB): { groups: number } {
  return writeTransaction(db, () => {
    if (getSetting(db, "demo_seeded_at")) return { groups: 0 };
    let groups = 0;
    const exists = db.prepare("SELECT 1 FROM groups WHERE slug = ?");
    for (const g of DEMO_GROUPS) {
      if (exists.get(g.slug)) continue;
      insertGroup(db, { ...g, isDemo: true });
      groups += 1;
    }
    setSetting(db, "demo_seeded_at", new Date().toISOString());
    return { groups };
  });
}

/**
 * Demo accounts, once per database (also for databases seeded before there
 * were accounts): a staff account, and each demo group's convenor as a
 * convenor of that group.
 */
export function seedDemoAccounts(db: DB): { users: number } {
  return writeTransaction(db, () => {
    if (getSetting(db, "demo_accounts_seeded_at")) return { users: 0 };
    let users = 0;
    if (upsertUser(db, { email: DEMO_STAFF_EMAIL, role: "staff", name: "Demo staff" }).created) users += 1;
    const group = db.prepare("SELECT id FROM groups WHERE slug = ? AND is_demo = 1");
    for (const g of DEMO_GROUPS) {
      const row = group.get(g.slug) as { id: number } | undefined;
      if (!row) continue;
      const { user, created } = upsertUser(db, { email: g.convenorEmail, role: "convenor", name: g.convenorFirstName });
      if (created) users += 1;
      addConvenor(db, row.id, user.id);
    }
    setSetting(db, "demo_accounts_seeded_at", new Date().toISOString());
    return { users };
  });
}
