import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireStaff } from "../../auth/session.server";
import { staffPrivacyDownload } from "../../staff/privacy.server";

/** The file comes from a POST (the address never goes into a URL); a GET goes back to the page. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaff(request, context);
  throw redirect("/staff/privacy", { status: 303, headers: { "Cache-Control": "no-store" } });
}
export const action = (args: ActionFunctionArgs) => staffPrivacyDownload(args);
