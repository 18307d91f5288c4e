import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isAccess, type Access } from "./access";
import { backOfficeRoutes, matchBackOffice } from "./access-routes";
import { accessOf } from "./access.server";

const APP = fileURLToPath(new URL("..", import.meta.url));
const routes = backOfficeRoutes();

/** Whether everyone `child` lets in, `parent` lets in too. */
function narrows(child: Access, parent: Access): boolean {
  if (parent.role === "any") return true;
  if (parent.role === "staff") return child.role === "staff";
  return child.role === "staff" || child.role === "convenor";
}

describe("back-office routes declare who may use them", () => {
  it("finds /account, the convenor area and the staff back office in app/routes.ts", () => {
    const files = routes.map((r) => r.file);
    expect(files).toEqual(expect.arrayContaining(["routes/account.tsx", "routes/convenor/layout.tsx", "routes/convenor/requests.$id.tsx", "routes/staff/layout.tsx", "routes/staff/people.$id.tsx"]));
    expect(routes.find((r) => r.file === "routes/convenor/requests.$id.tsx")).toEqual({
      file: "routes/convenor/requests.$id.tsx",
      path: "/convenor/requests/:id",
      chain: ["routes/convenor/layout.tsx", "routes/convenor/requests.$id.tsx"],
      layout: false,
    });
  });

  it("registers every module in app/routes/convenor and app/routes/staff as a back-office route", () => {
    const registered = new Set(routes.map((r) => r.file));
    for (const dir of ["convenor", "staff"]) {
      for (const name of readdirSync(`${APP}routes/${dir}`)) expect(registered, `routes/${dir}/${name}`).toContain(`routes/${dir}/${name}`);
    }
  });

  it.each(routes.map((r) => [r.file, r] as const))("%s: exports `access`, and its loader and action are wrapped with it", async (_file, route) => {
    const mod = (await import(/* @vite-ignore */ `${APP}${route.file}`)) as Record<string, unknown>;
    expect(isAccess(mod.access), "a well-formed `export const access`").toBe(true);
    expect(mod.loader ?? mod.action, "a loader or an action").toBeTypeOf("function");
    for (const name of ["loader", "action"]) {
      if (mod[name] === undefined) continue;
      expect(accessOf(mod[name]), `${name} = withAccess(access, …)`).toBe(mod.access);
    }
    if (!mod.action) expect((mod.access as Access).intents, "intents without an action").toBeUndefined();
  });

  it("no page lets in anyone its layout refuses", async () => {
    const declared = async (file: string) => ((await import(/* @vite-ignore */ `${APP}${file}`)) as { access: Access }).access;
    for (const route of routes) {
      const [parent, child] = [route.chain.at(-2), route.chain.at(-1)!];
      if (parent) expect(narrows(await declared(child), await declared(parent)), `${child} within ${parent}`).toBe(true);
    }
  });
});

describe("matchBackOffice", () => {
  it("finds the route a path reaches, a static segment before a param, as Remix does", () => {
    const at = (path: string) => {
      const m = matchBackOffice(path, routes);
      return m && { file: m.route.file, params: m.params };
    };
    expect(at("/convenor")).toEqual({ file: "routes/convenor/index.tsx", params: {} });
    expect(at("/staff/groups/new")).toEqual({ file: "routes/staff/groups.new.tsx", params: {} });
    expect(at("/staff/groups/hobart")).toEqual({ file: "routes/staff/groups.$slug.tsx", params: { slug: "hobart" } });
    expect(at("/staff/groups/Not%20A%20Slug")).toEqual({ file: "routes/staff/groups.$slug.tsx", params: { slug: "Not A Slug" } });
    expect(at("/convenor/groups/hobart/edit")).toEqual({ file: "routes/convenor/groups.$slug.edit.tsx", params: { slug: "hobart" } });
    expect(at("/account")).toEqual({ file: "routes/account.tsx", params: {} });
    expect(at("/sign-out")).toBeUndefined();
    expect(at("/staff/nothing/here")).toBeUndefined();
  });
});

describe("isAccess", () => {
  it("takes the declarations access.ts describes, and nothing else", () => {
    for (const ok of [{ role: "any" }, { role: "staff" }, { role: "convenor" }, { role: "convenor", group: "slug" }, { role: "convenor", group: "request", intents: ["a", "b"] }]) expect(isAccess(ok), JSON.stringify(ok)).toBe(true);
    for (const bad of [undefined, null, "staff", {}, { role: "admin" }, { role: "staff", group: "slug" }, { role: "convenor", group: "id" }, { role: "staff", intents: [] }, { role: "staff", intents: [""] }, { role: "staff", who: "me" }])
      expect(isAccess(bad), JSON.stringify(bad)).toBe(false);
  });
});
