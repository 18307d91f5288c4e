import { describe, expect, it } from "vitest";
import { parseMarkdown, PAGES } from "./markdown.server";

describe("content pages", () => {
  it("loads the new How ANZPOP supports groups page and the improved home page", () => {
    const how = PAGES["how-anzpop-supports-groups"]!;
    expect(how.title).toBe("How ANZPOP supports groups");
    expect(JSON.stringify(how.blocks)).toMatch(/insurance/i);
    const home = PAGES.home!;
    const actions = home.blocks.find((b) => b.t === "actions");
    expect(actions?.t === "actions" && actions.links.map((l) => [l.href, JSON.stringify(l.c)])).toEqual([
      ["/eligibility", JSON.stringify([{ t: "text", v: "Is PWCOP for me?" }])],
      ["/groups", JSON.stringify([{ t: "text", v: "Find a group" }])],
    ]);
  });

  it("turns a paragraph of nothing but links into calls to action, and leaves a sentence with links alone", () => {
    const page = parseMarkdown("t.md", "---\ntitle: T\ndescription: D\n---\n[One](/a) [Two](/b)\n\nRead [this](/c) first.\n");
    expect(page.blocks.map((b) => b.t)).toEqual(["actions", "p"]);
  });
});
