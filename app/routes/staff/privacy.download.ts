import { redirect } from "@remix-run/node";
import type { Access } from "../../auth/access";
import { withAccess } from "../../auth/access.server";
import { staffPrivacyDownload } from "../../staff/privacy.server";

/** Who may use this route: app/auth/access.ts. */
export const access = { role: "staff" } satisfies Access;

/** The file comes from a POST (the address never goes into a URL); a GET goes back to the page. */
export const loader = withAccess(access, () => {
  throw redirect("/staff/privacy", { status: 303, headers: { "Cache-Control": "no-store" } });
});
export const action = withAccess(access, staffPrivacyDownload);
