/**
 * The wizard's pages, asked of every snapshot the chart can reach: model-based
 * paths from `xstate/graph` over forward answers, Back re-answers, changes
 * from check and confirms. Whatever page a person asks for, they are shown a
 * page in one step (never a redirect to a redirect), every Back link leads to
 * a page that is shown, and a finished wizard hands over to a join form only
 * when the person fits.
 */
import { describe, expect, it } from "vitest";
import { getShortestPaths } from "xstate/graph";
import { EXPERIENCE, PRACTICE, QUESTION_STEPS, SUPERVISION, type QuestionStep } from "./answers";
import type { EligibilityEvent } from "./eligibility";
import { backFrom, beforeAnswer, handOver, PAGE_STEPS, pageFor, whereNow, type WizardPlace } from "./eligibility-pages";
import { eligibilityMachine } from "./eligibility";
import { nextSnapshot, startSnapshot, type WizardSnapshot } from "./eligibility-steps";
import { BRISBANE, factsFor, RICHMOND_CHCH, RICHMOND_TASMAN } from "./test-fixtures";

const LOCATIONS: EligibilityEvent[] = [
  { type: "answer.location", country: "AU", place: "4000", format: "in_person", distanceKm: 25, candidates: [BRISBANE] },
  { type: "answer.location", country: "NZ", place: "Richmond", format: "in_person", distanceKm: 10, candidates: [RICHMOND_TASMAN, RICHMOND_CHCH] },
  { type: "answer.location", country: "other", place: "Berlin", format: "online", candidates: [] },
];

/** The answers a page accepts at `s`, plus one re-answer of each question already given (the browser's Back button). */
function events(s: WizardSnapshot): EligibilityEvent[] {
  const out: EligibilityEvent[] = [];
  switch (s.value) {
    case "experience":
      out.push(...EXPERIENCE.map((experience) => ({ type: "answer.experience" as const, experience })));
      break;
    case "practice":
      out.push(...PRACTICE.map((practice) => ({ type: "answer.practice" as const, practice })));
      break;
    case "supervision":
      out.push(...SUPERVISION.map((supervision) => ({ type: "answer.supervision" as const, supervision })));
      break;
    case "hopes":
      out.push({ type: "answer.hopes", hopes: ["connection"] });
      break;
    case "location":
      out.push(...LOCATIONS);
      break;
    case "place":
      out.push(...s.context.candidates.map((c) => ({ type: "answer.place" as const, areaId: c.id })), LOCATIONS[0]!);
      break;
    case "check":
      out.push({ type: "confirm", facts: factsFor("all", s.context.area) }, { type: "confirm", facts: factsFor("none", s.context.area) });
      out.push(...QUESTION_STEPS.map((step) => ({ type: "change" as const, step })));
      break;
  }
  if (s.status === "active" && s.value !== "check") {
    out.push({ type: "answer.experience", experience: "workshops" }, { type: "answer.supervision", supervision: "yes" });
  }
  return out;
}

const snapshots: WizardSnapshot[] = getShortestPaths(eligibilityMachine, { events }).map((p) => p.state);

/** A place is reached in one step: the start page and the outcome always are; a step's page when the chart shows it. */
function shownAt(s: WizardSnapshot | null, place: WizardPlace): boolean {
  if (place === "start") return true;
  if (place === "outcome") return s?.status === "done";
  const page = pageFor(s, place, false);
  return "show" in page && page.show === place;
}

describe("the wizard's pages over every reachable snapshot", () => {
  it("covers every state a person can rest in, finished ones included", () => {
    const values = new Set(snapshots.map((s) => String(s.value)));
    expect([...values].sort()).toEqual(["check", "experience", "group", "hopes", "location", "newsletter", "place", "practice", "supervision", "training"]);
    expect(snapshots.length).toBeGreaterThan(100);
  });

  it("shows the page where the person is", () => {
    for (const s of snapshots) {
      const here = whereNow(s);
      if (here === "outcome") expect(s.status).toBe("done");
      else expect(pageFor(s, here, false), `${here} with ${JSON.stringify(s.context.answers)}`).toMatchObject({ show: here });
    }
  });

  it("any page asked for is shown, or the page in its place is shown at once", () => {
    for (const s of [null, ...snapshots]) {
      for (const requested of PAGE_STEPS) {
        for (const changing of [false, true]) {
          const page = pageFor(s, requested, changing);
          const label = `${requested}${changing ? "?change=check" : ""} at ${s ? String(s.value) : "no wizard"} ${JSON.stringify(s?.context.answers ?? {})}`;
          if ("redirect" in page) expect(shownAt(s, page.redirect), label).toBe(true);
          else expect(page.show, label).toBe(requested);
        }
      }
    }
  });

  it("every Back link leads to a page that is shown", () => {
    for (const s of [null, ...snapshots]) {
      for (const requested of PAGE_STEPS) {
        for (const changing of [false, true]) {
          const page = pageFor(s, requested, changing);
          if (!("show" in page)) continue;
          const label = `Back from ${requested}${changing ? "?change=check" : ""} at ${s ? String(s.value) : "no wizard"} ${JSON.stringify(s?.context.answers ?? {})}`;
          expect(shownAt(s, page.back), `${label} → ${page.back}`).toBe(true);
        }
      }
    }
  });

  it("a change is offered only from check or from the outcome, and Back returns there", () => {
    for (const s of snapshots) {
      for (const requested of QUESTION_STEPS) {
        const page = pageFor(s, requested, true);
        if (!("show" in page) || !page.changing) continue;
        expect(s.status === "done" ? "outcome" : s.value).toBe(page.back);
      }
    }
  });
});

describe("Back links, from the chart's meta", () => {
  it("each question goes back to the one before it, the first to the start page", () => {
    QUESTION_STEPS.forEach((step, i) => expect(backFrom(step, {})).toBe(i === 0 ? "start" : QUESTION_STEPS[i - 1]));
  });

  it("the place choice goes back to location, and check to the last question the answers need", () => {
    expect(backFrom("place", {})).toBe("location");
    expect(backFrom("check", { experience: "none" })).toBe("experience");
    expect(backFrom("check", { experience: "workshops", practice: "paid", supervision: "yes" })).toBe("supervision");
    expect(backFrom("check", { experience: "workshops", practice: "paid", supervision: "no", hopes: [], country: "other" })).toBe("location");
  });
});

describe("an answer's snapshot, and the hand-over", () => {
  const answer = (s: WizardSnapshot, ...es: EligibilityEvent[]) =>
    es.reduce<WizardSnapshot>((acc, e) => {
      const next = nextSnapshot(acc, e);
      if (!next) throw new Error(`not accepted at ${String(acc.value)}: ${e.type}`);
      return next;
    }, s);
  const fitting: EligibilityEvent[] = [
    { type: "answer.experience", experience: "workshops" },
    { type: "answer.practice", practice: "paid" },
    { type: "answer.supervision", supervision: "no" },
    { type: "answer.hopes", hopes: [] },
    LOCATIONS[0]!,
  ];

  it("without a wizard only the first question starts one", () => {
    expect(beforeAnswer(null, "experience", false)).toMatchObject({ snapshot: { value: "experience" } });
    for (const step of [...QUESTION_STEPS.slice(1), "place"] as const) expect(beforeAnswer(null, step, false)).toEqual({ redirect: "start" });
  });

  it("a finished wizard takes only a change, reopened at check from its answers", () => {
    const done = answer(startSnapshot(), ...fitting, { type: "confirm", facts: factsFor("all", BRISBANE) });
    expect(done.status).toBe("done");
    expect(beforeAnswer(done, "hopes", false)).toEqual({ redirect: "outcome" });
    expect(beforeAnswer(done, "place", true)).toEqual({ redirect: "outcome" });
    const reopened = beforeAnswer(done, "hopes", true);
    if (!("snapshot" in reopened)) throw new Error("expected a snapshot");
    expect(reopened.snapshot.value).toBe("hopes");
    expect(reopened.snapshot.context.returnTo).toBe("check");
    expect(reopened.snapshot.context.answers).toEqual(done.output!.answers);
  });

  it("at check, a change names the question first; elsewhere the snapshot is as it was", () => {
    const atCheck = answer(startSnapshot(), ...fitting);
    const changing = beforeAnswer(atCheck, "practice", true);
    expect("snapshot" in changing && changing.snapshot.value).toBe("practice");
    const plain = beforeAnswer(atCheck, "practice", false);
    expect("snapshot" in plain && plain.snapshot).toBe(atCheck);
  });

  it("hands over to the chosen group's form only when the person fits", () => {
    const group = { id: 7, slug: "hobart" };
    const chose = answer(startSnapshot(), { type: "join.choose", group });
    const fits = answer(chose, ...fitting, { type: "confirm", facts: factsFor("all", BRISBANE) });
    expect(handOver(fits)).toEqual(group);
    const training = answer(chose, { type: "answer.experience", experience: "none" }, { type: "confirm", facts: factsFor("all", null) });
    expect(handOver(training)).toBeNull();
    const noChoice = answer(startSnapshot(), ...fitting, { type: "confirm", facts: factsFor("all", BRISBANE) });
    expect(handOver(noChoice)).toBeNull();
    const notYet = answer(chose, ...fitting);
    expect(handOver(notYet)).toBeNull();
  });
});

/** Every question appears in PAGE_STEPS in the order the chart asks them. */
it("the pages a URL can name are the questions in order, then place and check", () => {
  expect(PAGE_STEPS).toEqual([...QUESTION_STEPS, "place", "check"] satisfies (QuestionStep | "place" | "check")[]);
});
