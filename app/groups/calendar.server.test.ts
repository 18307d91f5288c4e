import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import type { Group } from "../../db/queries/groups";
import { DEMO_GROUPS } from "../../db/demo-groups";
import { nextMeetings } from "../utils/rhythm";
import { escapeText, foldLine, groupCalendar, transitions, vtimezone } from "./calendar.server";

const demo = (slug: string, patch: Partial<Group> = {}): Group => {
  const g = DEMO_GROUPS.find((x) => x.slug === slug)!;
  const { convenorEmail: _email, ...rest } = g;
  return { id: 1, isDemo: true, ...rest, ...patch };
};

function occurrences(ics: string, count: number): Date[] {
  const comp = new ICAL.Component(ICAL.parse(ics));
  for (const tz of comp.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(tz);
  const event = new ICAL.Event(comp.getFirstSubcomponent("vevent")!);
  const it = event.iterator();
  const out: Date[] = [];
  for (let t = it.next(); t && out.length < count; t = it.next()) out.push(t.toJSDate());
  return out;
}

describe("groupCalendar", () => {
  const now = new Date("2026-02-20T00:00:00Z");
  const url = "https://example.org/groups/x";

  it.each([
    ["melbourne-inner-north"], // monthly, second Tuesday, Australia/Melbourne
    ["auckland-ponsonby"], // monthly, second Wednesday, Pacific/Auckland
    ["northern-rivers"], // fortnightly Saturday, Australia/Sydney
    ["brisbane"], // last Wednesday, no daylight saving
    ["west-and-asia-daytime"], // online, fortnightly, Australia/Perth
  ])("%s: a real parser expands the same meetings we show, across both daylight saving changes", (slug) => {
    const g = demo(slug);
    const ics = groupCalendar(g, { now, pageUrl: url })!;
    const all = nextMeetings(g.rhythm, g.timeZone, now, 60);
    const yearEnd = all[0]!.start.getTime() + 365 * 86_400_000;
    // Twelve months of meetings, exactly the dates and times the pages show.
    const expected = all.filter((m) => m.start.getTime() <= yearEnd).map((m) => m.start.toISOString());
    expect(expected.length).toBeGreaterThanOrEqual(12);
    expect(occurrences(ics, 60).map((d) => d.toISOString())).toEqual(expected);
  });

  it("follows RFC 5545 framing: CRLF, folded lines, UID, DTSTAMP, TZID, and no venue or personal data", () => {
    const g = demo("perth-fremantle", { name: "Perth, Fremantle; and the wider south-west coast of Western Australia, Boorloo" });
    const ics = groupCalendar(g, { now, pageUrl: url })!;
    expect(ics.endsWith("\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    for (const line of ics.split("\r\n")) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    const unfolded = ics.replace(/\r\n /g, "");
    expect(unfolded).toContain("UID:pwcop-group-perth-fremantle@anzpop.org");
    expect(unfolded).toMatch(/\r\nDTSTAMP:20260220T000000Z\r\n/);
    expect(unfolded).toContain("BEGIN:VTIMEZONE\r\nTZID:Australia/Perth");
    expect(unfolded).toMatch(/DTSTART;TZID=Australia\/Perth:20260315T140000/);
    expect(unfolded).toContain("SUMMARY:PWCOP: Perth\\, Fremantle\\; and the wider");
    expect(unfolded).not.toContain("priya");
    expect(unfolded).not.toContain("Priya");
    expect(unfolded).not.toContain("example.org\r\n");
    const event = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent("vevent")!;
    expect(event.getFirstPropertyValue("location")).toBeNull();
    expect(event.getFirstPropertyValue("organizer")).toBeNull();
  });

  it("offers no file for a forming or closed group", () => {
    expect(groupCalendar(demo("christchurch-central"), { now, pageUrl: url })).toBeNull();
    expect(groupCalendar(demo("hobart", { status: "closed" }), { now, pageUrl: url })).toBeNull();
  });
});

describe("VTIMEZONE", () => {
  it("writes yearly rules for Sydney and Auckland", () => {
    const sydney = vtimezone("Australia/Sydney", new Date("2026-03-01T00:00:00Z")).join("\n");
    expect(sydney).toContain("BEGIN:STANDARD\nDTSTART:19700405T030000\nRRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU\nTZOFFSETFROM:+1100\nTZOFFSETTO:+1000");
    expect(sydney).toContain("BEGIN:DAYLIGHT\nDTSTART:19701004T020000\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU\nTZOFFSETFROM:+1000\nTZOFFSETTO:+1100");
    const auckland = vtimezone("Pacific/Auckland", new Date("2026-03-01T00:00:00Z")).join("\n");
    expect(auckland).toContain("RRULE:FREQ=YEARLY;BYMONTH=9;BYDAY=-1SU\nTZOFFSETFROM:+1200\nTZOFFSETTO:+1300");
    expect(vtimezone("Australia/Brisbane", new Date()).join("\n")).toContain("TZOFFSETFROM:+1000\nTZOFFSETTO:+1000");
  });

  it("finds each change to the minute", () => {
    expect(transitions("Pacific/Auckland", Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1)).map((t) => new Date(t.at).toISOString())).toEqual([
      "2026-04-04T14:00:00.000Z",
      "2026-09-26T14:00:00.000Z",
    ]);
  });
});

describe("text and folding", () => {
  it("escapes and folds without splitting a character", () => {
    expect(escapeText("a,b;c\\d\ne")).toBe("a\\,b\\;c\\\\d\\ne");
    const folded = foldLine(`DESCRIPTION:${"ā".repeat(60)}`);
    for (const line of folded.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, "")).toBe(`DESCRIPTION:${"ā".repeat(60)}`);
  });
});
