// @vitest-environment jsdom
import { cleanup, render, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import criteriaJson from "../../content/criteria.json";
import { DISTANCE_KM } from "../../machines/answers";
import { CRITERIA, type Criterion } from "../../machines/criteria";
import { LOCATION_RULES, NEAR_ZONE_HOURS } from "../../machines/matching";
import { CriteriaContentSchema } from "../content.server";
import { whoIsItFor } from "../criteria-page.server";
import { WhoIsItFor } from "./who-is-it-for";

// Queries on this file's document: a worker runs several files, and Testing
// Library's own `screen` stays bound to the first file's document.
const screen = within(document.body);

afterEach(cleanup);

describe("<WhoIsItFor>", () => {
  it("renders every criterion from machines/criteria.ts, for and not for", () => {
    render(<WhoIsItFor d={whoIsItFor()} />);
    const forYou = screen.getByRole("heading", { level: 2, name: criteriaJson.forYouHeading }).nextElementSibling as HTMLElement;
    expect(within(forYou).getAllByRole("listitem")).toHaveLength(CRITERIA.length);
  });

  it("shows a criterion added to the statechart's list, with its copy and next step, without touching the component", () => {
    const extra: Criterion = { id: "lives_nearby", step: "location", reason: "outside_region", outcome: "newsletter", fails: () => false };
    const content = CriteriaContentSchema.parse({
      ...criteriaJson,
      criteria: {
        ...criteriaJson.criteria,
        lives_nearby: {
          forYou: "you live within reach of a group",
          notForYou: "you live too far from any group for now",
          nextStep: { text: "Hear when a group starts near you", href: "/newsletter" },
        },
      },
    });
    const { container } = render(<WhoIsItFor d={whoIsItFor([...CRITERIA, extra], content)} />);

    const forYou = container.querySelector('[data-list="for-you"]') as HTMLElement;
    const notForYou = container.querySelector('[data-list="not-for-you"]') as HTMLElement;
    expect(within(forYou).getAllByRole("listitem")).toHaveLength(CRITERIA.length + 1);
    expect(within(forYou).getByText("you live within reach of a group")).toBeTruthy();
    const added = within(notForYou).getByText(/you live too far from any group for now/).closest("li") as HTMLElement;
    expect(added.dataset.criterion).toBe("lives_nearby");
    expect(within(added).getByRole("link", { name: "Hear when a group starts near you" }).getAttribute("href")).toBe("/newsletter");
  });

  it("states the location rules from machines/matching.ts, with the numbers the matching uses", () => {
    const { container } = render(<WhoIsItFor d={whoIsItFor()} />);
    const rules = container.querySelector('[data-list="location-rules"]') as HTMLElement;
    const items = within(rules).getAllByRole("listitem");
    expect(items.map((li) => li.dataset.rule)).toEqual(LOCATION_RULES.map((r) => r.id));
    const text = rules.textContent ?? "";
    expect(text).toContain(`up to ${DISTANCE_KM.slice(0, -1).join(", ")} or ${DISTANCE_KM.at(-1)} km`);
    expect(text).toContain(`within ${NEAR_ZONE_HOURS} hours`);
    expect(text).not.toMatch(/\{\w+\}/);
  });
});
