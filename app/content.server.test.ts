import { describe, expect, it } from "vitest";
import { EXPERIENCE, REASON_CODES } from "../machines/answers";
import { CRITERIA, type Criterion } from "../machines/criteria";
import criteriaJson from "../content/criteria.json";
import wizardJson from "../content/eligibility.json";
import { CriteriaContentSchema, fill, WizardContentSchema, wizardContent } from "./content.server";
import { whoIsItFor } from "./criteria-page.server";
import { parseMarkdown, PAGES } from "./markdown.server";

describe("content", () => {
  it("has copy for every answer value and reason code", () => {
    for (const v of EXPERIENCE) expect(wizardContent.steps.experience.options[v].label).toBeTruthy();
    for (const r of REASON_CODES) expect(wizardContent.outcome.reasons[r].because).toBeTruthy();
  });

  it("rejects content with a missing option", () => {
    const broken = structuredClone(wizardJson) as { steps: { practice: { options: Record<string, unknown> } } };
    delete broken.steps.practice.options.not_yet;
    expect(WizardContentSchema.safeParse(broken).success).toBe(false);
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(fill("within {distance} of {place} {oops}", { distance: "25 km", place: "Hobart" })).toBe("within 25 km of Hobart {oops}");
  });

  it("writes Australian English (a few words we use)", () => {
    const all = JSON.stringify(wizardJson) + JSON.stringify(criteriaJson) + Object.values(PAGES).map((p) => JSON.stringify(p)).join("");
    expect(all).not.toMatch(/\b(organization|color|program(?:me)?s? center|kilometers|learned)\b/i);
  });
});

describe("Who is PWCOP for", () => {
  it("lists every criterion, for and not for, each 'not for' with a next step", () => {
    const page = whoIsItFor();
    expect(page.forYou.map((c) => c.id)).toEqual(CRITERIA.map((c) => c.id));
    expect(page.notForYou.map((c) => c.id)).toEqual(CRITERIA.map((c) => c.id));
    for (const c of page.notForYou) expect(c.next.href).toMatch(/^\/(training|newsletter)$/);
  });

  it("shows a newly added criterion without any other change to the page", () => {
    const extra: Criterion = { id: "lives_on_earth", step: "location", reason: "outside_region", outcome: "newsletter", fails: () => false };
    const content = CriteriaContentSchema.parse({
      ...criteriaJson,
      criteria: {
        ...criteriaJson.criteria,
        lives_on_earth: { forYou: "you live on Earth", notForYou: "you live on the Moon", nextStep: { text: "Write to us", href: "/newsletter" } },
      },
    });
    const page = whoIsItFor([...CRITERIA, extra], content);
    expect(page.forYou.at(-1)).toEqual({ id: "lives_on_earth", text: "you live on Earth" });
    expect(page.notForYou.at(-1)?.text).toBe("you live on the Moon");
  });

  it("refuses a criterion with no copy", () => {
    const extra: Criterion = { id: "no_copy", step: "experience", reason: "no_experience", outcome: "training", fails: () => false };
    expect(() => whoIsItFor([...CRITERIA, extra])).toThrow(/no_copy/);
  });
});

describe("markdown pages", () => {
  it("loads every page with a title and description", () => {
    for (const slug of ["home", "training", "privacy", "credits"]) {
      expect(PAGES[slug]?.title, slug).toBeTruthy();
      expect(PAGES[slug]?.description, slug).toBeTruthy();
    }
  });

  it("parses headings, lists, links and emphasis into a tree", () => {
    const page = parseMarkdown("t.md", "---\ntitle: T\ndescription: D\n---\n## Head\n\n- one [link](/x)\n- **two**\n\n1. a\n2. b\n\nPara *em*.\n");
    expect(page.blocks.map((b) => b.t)).toEqual(["h", "ul", "ol", "p"]);
    expect(JSON.stringify(page.blocks)).toContain('"href":"/x"');
  });

  it("refuses raw HTML, unsafe links and missing front matter", () => {
    expect(() => parseMarkdown("t.md", "---\ntitle: T\ndescription: D\n---\n<script>x</script>\n")).toThrow(/raw HTML/);
    expect(() => parseMarkdown("t.md", "---\ntitle: T\ndescription: D\n---\n[x](javascript:alert(1))\n")).toThrow(/Link not allowed/);
    expect(() => parseMarkdown("t.md", "no front matter")).toThrow(/front matter/);
  });
});
