/**
 * The patches in patches/ (applied by `npm install`'s postinstall; see
 * docs/decisions/009-route-matching-patch.md) make the server build its route
 * trees once per build and route matching work out each tree's ranked
 * branches, and each pattern's regular expression, once. These tests fail if
 * a patch is not applied, and check that matching still ranks and matches
 * exactly as the router documents.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AgnosticRouteObject } from "@remix-run/router";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
// The CommonJS build is the one Node loads for the server (the package has no "exports").
const { matchRoutes } = require("@remix-run/router") as typeof import("@remix-run/router");

const tree = (): AgnosticRouteObject[] => [
  {
    id: "root",
    path: "",
    children: [
      { id: "home", index: true },
      { id: "step", path: "eligibility/:step" },
      { id: "outcome", path: "eligibility/outcome" },
      { id: "join", path: "eligibility/join/:slug" },
      { id: "Groups", path: "Groups", caseSensitive: true },
      { id: "splat", path: "*" },
    ],
  },
];

const ids = (routes: AgnosticRouteObject[], path: string) => matchRoutes(routes, path)?.map((m) => m.route.id);

describe("the route matching patch", () => {
  it("is applied to the files the server loads", () => {
    const source = (id: string) => readFileSync(require.resolve(id), "utf8");
    expect(source("@remix-run/router")).toContain("rankedBranchesCache");
    expect(source("@remix-run/router")).toContain("compilePathUncached");
    expect(source("react-router-dom/server")).toContain("dataRoutesCache");
    expect(source("@remix-run/react/dist/server.js")).toContain("serverRoutesCache");
  });

  it("gives one static router route tree per route tree", () => {
    const { createStaticRouter } = require("react-router-dom/server") as typeof import("react-router-dom/server");
    const context = { basename: "/", location: { pathname: "/", search: "", hash: "", state: null, key: "default" }, matches: [], loaderData: {}, actionData: null, errors: null, statusCode: 200, loaderHeaders: {}, actionHeaders: {}, activeDeferreds: null };
    const a = tree();
    const first = createStaticRouter(a, context).routes;
    expect(createStaticRouter(a, context).routes).toBe(first);
    expect(first.map((r) => r.id)).toEqual(["root"]);
    const other = createStaticRouter(tree(), context).routes;
    expect(other).not.toBe(first);
    expect(other).toEqual(first);
  });

  it("ranks static segments over parameters and the splat last, on every call", () => {
    const routes = tree();
    for (let i = 0; i < 3; i++) {
      expect(ids(routes, "/")).toEqual(["root", "home"]);
      expect(ids(routes, "/eligibility/outcome")).toEqual(["root", "outcome"]);
      expect(ids(routes, "/eligibility/practice")).toEqual(["root", "step"]);
      expect(matchRoutes(routes, "/eligibility/join/melbourne-north")?.at(-1)?.params).toEqual({ slug: "melbourne-north" });
      expect(ids(routes, "/eligibility/join/a/b")).toEqual(["root", "splat"]);
      expect(ids(routes, "/groups")).toEqual(["root", "splat"]);
      expect(ids(routes, "/Groups")).toEqual(["root", "Groups"]);
    }
  });

  it("keeps each route tree's matches to that tree", () => {
    const a = tree();
    const b: AgnosticRouteObject[] = [{ id: "only", path: "eligibility/outcome" }];
    expect(ids(a, "/eligibility/outcome")).toEqual(["root", "outcome"]);
    expect(ids(b, "/eligibility/outcome")).toEqual(["only"]);
    expect(ids(b, "/eligibility/practice")).toBeUndefined();
    expect(ids(a, "/eligibility/practice")).toEqual(["root", "step"]);
  });
});
