import { data, type LoaderFunctionArgs } from "@remix-run/node";
import type { Granted } from "../auth/access.server";
import { fill } from "../content.server";
import { convenorContent } from "./content.server";

/** The convenor area's frame: who is signed in, and the sub navigation. */
export async function convenorLayoutLoader(_args: LoaderFunctionArgs, { user }: Granted) {
  const c = convenorContent.nav;
  return data(
    {
      nav: { label: c.label, inbox: c.inbox, groups: c.groups, account: c.account, signOut: c.signOut },
      signedInAs: fill(c.signedInAs, { email: user.email }),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}
