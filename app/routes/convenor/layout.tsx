import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { SignOutForm } from "../../auth/sign-in-forms";
import { convenorLayoutLoader } from "../../convenor/nav.server";
import type { Access } from "../../auth/access";
import { withAccess } from "../../auth/access.server";

/** Who may use this route: app/auth/access.ts. */
export const access = { role: "convenor" } satisfies Access;

export const loader = withAccess(access, convenorLayoutLoader);

/** Pages with applicants' details: never stored by a browser or a proxy (the loaders' own headers do not reach the page). */
export const headers = () => ({ "Cache-Control": "no-store" });

/** The convenor area: who is signed in, sign out, and the sub navigation (MOJ pattern) above each page. */
export default function ConvenorLayout() {
  const { nav, signedInAs } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="account-bar">
        <span>{signedInAs}</span>
        <SignOutForm label={nav.signOut} />
      </div>
      <nav className="sub-nav" aria-label={nav.label}>
        <ul>
          <li>
            <NavLink to="/convenor" end>
              {nav.inbox}
            </NavLink>
          </li>
          <li>
            <NavLink to="/convenor/groups">{nav.groups}</NavLink>
          </li>
          <li>
            <NavLink to="/account">{nav.account}</NavLink>
          </li>
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
