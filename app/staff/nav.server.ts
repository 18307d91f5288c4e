import { data, type LoaderFunctionArgs } from "@remix-run/node";
import type { Granted } from "../auth/access.server";
import { fill } from "../content.server";
import { staffContent } from "./content.server";

export const STAFF_SECTIONS = ["overview", "groups", "requests", "demand", "funnel", "exports", "privacy", "messages", "outbox", "people", "audit"] as const;
export const sectionPath = (s: (typeof STAFF_SECTIONS)[number]) => (s === "overview" ? "/staff" : `/staff/${s}`);

/** The staff back office's frame: who is signed in, and the sub navigation. Every page's own loader is behind the same declaration. */
export async function staffLayoutLoader(_args: LoaderFunctionArgs, { user }: Granted) {
  const c = staffContent.nav;
  return data(
    {
      label: c.label,
      signOut: c.signOut,
      signedInAs: fill(c.signedInAs, { email: user.email }),
      sections: STAFF_SECTIONS.map((s) => ({ href: sectionPath(s), label: c[s], end: s === "overview" })),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}
