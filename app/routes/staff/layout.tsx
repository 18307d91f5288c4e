import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { SignOutForm } from "../../auth/sign-in-forms";
import { staffLayoutLoader } from "../../staff/nav.server";
import type { Access } from "../../auth/access";
import { withAccess } from "../../auth/access.server";

/** Back-office pages hold personal data: never stored by a browser or a proxy (a loader's own headers do not reach the page). */
export const headers = () => ({ "Cache-Control": "no-store" });

/** Who may use this route: app/auth/access.ts. */
export const access = { role: "staff" } satisfies Access;

export const loader = withAccess(access, staffLayoutLoader);

/** The staff back office: sub navigation (MOJ pattern) above each page. */
export default function StaffLayout() {
  const { label, signOut, signedInAs, sections } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="account-bar">
        <span>{signedInAs}</span>
        <SignOutForm label={signOut} />
      </div>
      <nav className="sub-nav" aria-label={label}>
        <ul>
          {sections.map((s) => (
            <li key={s.href}>
              <NavLink to={s.href} end={s.end}>
                {s.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
