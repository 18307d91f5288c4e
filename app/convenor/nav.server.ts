import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { requireBackOffice } from "../auth/session.server";
import { fill } from "../content.server";
import { convenorContent } from "./content.server";

/** The convenor area's frame: who is signed in, and the sub navigation. */
export async function convenorLayoutLoader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireBackOffice(request, context);
  const c = convenorContent.nav;
  return data(
    {
      nav: { label: c.label, inbox: c.inbox, groups: c.groups, account: c.account, signOut: c.signOut },
      signedInAs: fill(c.signedInAs, { email: user.email }),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}
