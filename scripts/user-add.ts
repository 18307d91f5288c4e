/**
 * Adds an account:  npm run user:add -- <email> <staff|convenor> [group-slug …]
 *
 * A convenor is linked to each group named (co-convenors: run it for each
 * person). Running it again for an existing address adds the groups named and
 * can raise a convenor to staff; it never removes anything. Run it with the
 * server's DATABASE_PATH. The person then signs in at /sign-in with an emailed code.
 */
import { openDatabase, writeTransaction } from "../db/client";
import { migrate } from "../db/migrate";
import { appendAudit } from "../db/queries/audit";
import { getGroupBySlug } from "../db/queries/groups";
import { addConvenor, ROLES, upsertUser, type Role } from "../db/queries/users";
import { signInSchema } from "../app/auth/schema";
import { parseEnv } from "../app/utils/env.server";

const [email, role, ...slugs] = process.argv.slice(2);
const usage = `Usage: npm run user:add -- <email> <${ROLES.join("|")}> [group-slug …]`;
if (!email || !role || !(ROLES as readonly string[]).includes(role)) {
  console.error(usage);
  process.exit(2);
}
if (!signInSchema.safeParse({ email }).success) {
  console.error(`"${email}" is not one plain email address (like name@example.org).\n${usage}`);
  process.exit(2);
}
if (role === "staff" && slugs.length) console.warn("Staff see every group already; the groups named are linked anyway.");

const env = parseEnv();
const db = openDatabase(env.DATABASE_PATH);
try {
  migrate(db);
  const result = writeTransaction(db, () => {
    const groups = slugs.map((slug) => ({ slug, group: getGroupBySlug(db, slug) }));
    const missing = groups.filter((g) => !g.group).map((g) => g.slug);
    if (missing.length) return { missing };
    const { user, created } = upsertUser(db, { email, role: role as Role });
    const linked = groups.filter((g) => addConvenor(db, g.group!.id, user.id)).map((g) => g.slug);
    appendAudit(db, { actorUserId: null, actor: "command line", action: created ? "user_added" : "user_updated", subjectType: "user", subjectId: user.id, detail: { role: user.role, groups: linked.join(",") } });
    for (const g of groups) appendAudit(db, { actorUserId: null, actor: "command line", action: "convenor_added", subjectType: "group", subjectId: g.group!.id, groupId: g.group!.id, detail: { userId: user.id } });
    return { user, created, linked };
  });
  if ("missing" in result) {
    console.error(`No group with the slug: ${result.missing!.join(", ")}. Nothing was changed.`);
    process.exitCode = 1;
  } else {
    console.log(`${result.created ? "Added" : "Updated"} ${result.user.email} (${result.user.role}).${result.linked.length ? ` Convenor of: ${result.linked.join(", ")}.` : ""}`);
    console.log("They sign in at /sign-in with a code sent to that address.");
  }
} finally {
  db.close();
}
