import { type DB, writeTransaction } from "./client";
import { DEMO_GROUPS } from "./demo-groups";
import { insertGroup } from "./queries/groups";
import { getSetting, setSetting } from "./queries/settings";

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
