/**
 * The back-office routes, as app/routes.ts registers them: /account and
 * everything under /convenor and /staff, layouts included. Read by the tests
 * that hold every such route to an access declaration (access.test.ts) and
 * build the authorisation matrix from them (tests/authz.test.ts), so a route
 * registered tomorrow is covered the day it is added.
 */
import type { RouteConfigEntry } from "@remix-run/route-config";
import routes from "../routes";

export const BACK_OFFICE_PATHS = ["account", "convenor", "staff"] as const;

export interface BackOfficeRoute {
  /** The module, relative to app/ (as in app/routes.ts). */
  file: string;
  /** The URL pattern, from the root: "/convenor/requests/:id". */
  path: string;
  /** The modules whose loaders run for a GET of this route: its layouts, outermost first, then itself. */
  chain: string[];
  /** A layout (it has child routes), not a page of its own. */
  layout: boolean;
}

function walk(entries: readonly RouteConfigEntry[], parentPath: string, parentChain: string[], out: BackOfficeRoute[]) {
  for (const e of entries) {
    const path = e.index ? parentPath : `${parentPath}/${e.path ?? ""}`.replace(/\/+$/, "");
    const chain = [...parentChain, e.file];
    out.push({ file: e.file, path: path || "/", chain, layout: Boolean(e.children?.length) });
    if (e.children) walk(e.children, path, chain, out);
  }
}

/** Every back-office route in app/routes.ts, layouts first. */
export function backOfficeRoutes(config: readonly RouteConfigEntry[] = routes): BackOfficeRoute[] {
  const out: BackOfficeRoute[] = [];
  walk(
    config.filter((e) => !e.index && (BACK_OFFICE_PATHS as readonly string[]).includes(e.path ?? "")),
    "",
    [],
    out,
  );
  return out;
}

/**
 * The route a URL path reaches, with its params, as Remix ranks them: a
 * static segment before a `:param` ("groups/new" before "groups/:slug").
 */
export function matchBackOffice(pathname: string, all: readonly BackOfficeRoute[] = backOfficeRoutes()): { route: BackOfficeRoute; params: Record<string, string> } | undefined {
  const got = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  let best: { route: BackOfficeRoute; params: Record<string, string>; dynamic: number } | undefined;
  for (const route of all) {
    if (route.layout) continue;
    const want = route.path.split("/").filter(Boolean);
    if (want.length !== got.length) continue;
    const params: Record<string, string> = {};
    let dynamic = 0;
    const fits = want.every((w, i) => {
      if (w.startsWith(":")) {
        params[w.slice(1)] = got[i]!;
        dynamic++;
        return true;
      }
      return w === got[i];
    });
    if (fits && (!best || dynamic < best.dynamic)) best = { route, params, dynamic };
  }
  return best && { route: best.route, params: best.params };
}
