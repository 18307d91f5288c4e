/**
 * Changes a group's status:  npm run group:status -- <slug> <forming|open|full|closed>
 *
 * A thin wrapper over the staff back office's own code (app/staff/group-status.server.ts):
 * the same consequences, in the same transaction, audit-logged as "command line".
 * Run it with the server's settings (DATABASE_PATH, APP_URL, SESSION_SECRET),
 * so it changes the same database and the links in emails point at the site.
 * Opening a group queues, in the same transaction, one email to each confirmed
 * person on the waiting list it suits; the running server sends them (or the
 * next one to start). Running it again, or re-opening the group later, never
 * emails anyone twice about the same group.
 */
import { openDatabase } from "../db/client";
import { migrate } from "../db/migrate";
import { GROUP_STATUSES, type GroupStatus } from "../db/queries/groups";
import { sessionSecret } from "../db/queries/settings";
import { changeGroupStatus } from "../app/staff/group-status.server";
import { parseEnv } from "../app/utils/env.server";

const [slug, status] = process.argv.slice(2);
if (!slug || !status || !(GROUP_STATUSES as readonly string[]).includes(status)) {
  console.error(`Usage: npm run group:status -- <group slug> <${GROUP_STATUSES.join("|")}>`);
  process.exit(2);
}

const env = parseEnv();
const db = openDatabase(env.DATABASE_PATH);
try {
  migrate(db);
  const secrets = env.SESSION_SECRET ? env.SESSION_SECRET.split(",").map((s) => s.trim()) : [sessionSecret(db)];
  const change = changeGroupStatus({ db, env, secrets }, slug, status as GroupStatus, { kind: "command-line" });
  if (!change.found) {
    console.error(`No group with the slug "${slug}".`);
    process.exitCode = 1;
  } else {
    console.log(`${slug}: ${change.from} → ${change.to}.`);
    if (change.to === "open") console.log(`Waiting list: ${change.notified} email(s) queued, ${change.alreadyNotified} already told about this group.`);
    if (change.to === "closed") console.log(`Open requests: ${change.told} applicant(s) told the group has closed.`);
  }
} finally {
  db.close();
}
