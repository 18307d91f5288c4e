import { exportAction, exportLoader } from "../../staff/exports.server";
import type { Access } from "../../auth/access";
import { withAccess } from "../../auth/access.server";

/** Who may use this route: app/auth/access.ts. */
export const access = { role: "staff" } satisfies Access;

/** POST /staff/exports/groups | requests | waiting-list: the CSV file, streamed, after the audit log records who, what and why. */
export const action = withAccess(access, exportAction);

/** GET: changes nothing, only shows the exports page. */
export const loader = withAccess(access, exportLoader);
