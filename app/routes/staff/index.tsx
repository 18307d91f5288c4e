import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireStaff } from "../../auth/session.server";
import { pageMeta } from "../../components/page";
import { staffContent } from "../../staff/content.server";

export const meta: MetaFunction = () => [...pageMeta(staffContent.nav.overview), { name: "robots", content: "noindex" }];

/** Back-office pages hold personal data: never stored by a browser or a proxy (a loader's own headers do not reach the page). */
export const headers = () => ({ "Cache-Control": "no-store" });

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaff(request, context);
  return data({ title: staffContent.nav.overview }, { headers: { "Cache-Control": "no-store" } });
}

export default function Overview() {
  const { title } = useLoaderData<typeof loader>();
  return (
    <main id="main-content" className="main main--wide" tabIndex={-1}>
      <h1 className="heading-xl">{title}</h1>
    </main>
  );
}
