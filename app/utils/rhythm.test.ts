import { describe, expect, it } from "vitest";
import type { Rhythm } from "../../db/rhythm";
import { describeRhythm, formatMeeting, nextMeetings, nthWeekdayOfMonth, zonedTimeToUtc } from "./rhythm";

const SUN = 0, TUE = 2, WED = 3, THU = 4;
const iso = (d: Date) => d.toISOString().replace(".000Z", "Z");
const starts = (r: Rhythm, zone: string, from: string, count = 3) => nextMeetings(r, zone, new Date(from), count).map((m) => iso(m.start));
const monthly = (weekday: number, week: Rhythm["week"], start = "19:00", end = "21:00"): Rhythm => ({ frequency: "monthly", weekday, week, start, end });
const weekly = (weekday: number, start: string, end: string): Rhythm => ({ frequency: "weekly", weekday, start, end });

// 2026: AU daylight saving ends Sun 5 April (3 am → 2 am) and starts Sun 4 October (2 am → 3 am);
// NZ ends Sun 5 April (3 am → 2 am) and starts Sun 27 September (2 am → 3 am).
describe("nextMeetings across daylight saving changes", () => {
  it("Melbourne, monthly second Tuesday, 7 pm: +11 in March, +10 from April", () => {
    expect(starts(monthly(TUE, 2), "Australia/Melbourne", "2026-03-01T00:00:00Z")).toEqual([
      "2026-03-10T08:00:00Z",
      "2026-04-14T09:00:00Z",
      "2026-05-12T09:00:00Z",
    ]);
  });

  it("Sydney, weekly on Sunday at 10 am, over the April change (the meeting on the change day keeps its wall time)", () => {
    expect(starts(weekly(SUN, "10:00", "12:00"), "Australia/Sydney", "2026-03-28T00:00:00Z")).toEqual([
      "2026-03-28T23:00:00Z", // Sun 29 March, 10 am AEDT
      "2026-04-05T00:00:00Z", // Sun 5 April, 10 am AEST (clocks went back at 3 am)
      "2026-04-12T00:00:00Z",
    ]);
  });

  it("Sydney, weekly on Sunday at 10 am, over the October change", () => {
    const [a, b, c] = nextMeetings(weekly(SUN, "10:00", "12:00"), "Australia/Sydney", new Date("2026-09-26T00:00:00Z"));
    expect([a, b, c].map((m) => iso(m!.start))).toEqual(["2026-09-27T00:00:00Z", "2026-10-03T23:00:00Z", "2026-10-10T23:00:00Z"]);
    // Each meeting lasts its two hours of wall time.
    expect(b!.end.getTime() - b!.start.getTime()).toBe(2 * 3600_000);
  });

  it("Auckland, monthly second Wednesday, 7 pm: +13 in March, +12 from April", () => {
    expect(starts(monthly(WED, 2), "Pacific/Auckland", "2026-03-01T00:00:00Z")).toEqual([
      "2026-03-11T06:00:00Z",
      "2026-04-08T07:00:00Z",
      "2026-05-13T07:00:00Z",
    ]);
  });

  it("Auckland in September and October: NZ changes a week before Australia", () => {
    expect(starts(monthly(WED, 2), "Pacific/Auckland", "2026-09-01T00:00:00Z")).toEqual([
      "2026-09-09T07:00:00Z", // NZST
      "2026-10-14T06:00:00Z", // NZDT
      "2026-11-11T06:00:00Z",
    ]);
    // On Sun 27 September, NZ is on daylight time and Sydney is not yet.
    const sunday = weekly(SUN, "19:00", "20:00");
    expect(starts(sunday, "Pacific/Auckland", "2026-09-26T12:00:00Z", 1)).toEqual(["2026-09-27T06:00:00Z"]);
    expect(starts(sunday, "Australia/Sydney", "2026-09-26T12:00:00Z", 1)).toEqual(["2026-09-27T09:00:00Z"]);
  });

  it("Perth and Brisbane keep one offset all year", () => {
    const fortnightly: Rhythm = { frequency: "fortnightly", weekday: WED, anchorDate: "2026-01-07", start: "12:00", end: "13:30" };
    expect(starts(fortnightly, "Australia/Perth", "2026-03-30T00:00:00Z")).toEqual(["2026-04-01T04:00:00Z", "2026-04-15T04:00:00Z", "2026-04-29T04:00:00Z"]);
    expect(starts(monthly(WED, -1, "18:00", "20:00"), "Australia/Brisbane", "2026-09-01T00:00:00Z")).toEqual([
      "2026-09-30T08:00:00Z",
      "2026-10-28T08:00:00Z",
      "2026-11-25T08:00:00Z",
    ]);
  });

  it("a wall time that does not exist on the change day becomes the hour after", () => {
    // 2:30 am on Sun 4 October 2026 does not exist in Sydney: clocks jump from 2 to 3.
    expect(iso(zonedTimeToUtc("Australia/Sydney", { year: 2026, month: 10, day: 4, hour: 2, minute: 30 }))).toBe("2026-10-03T16:30:00Z");
  });
});

describe("monthly rhythms", () => {
  it("skips months without a fifth Tuesday", () => {
    // 2026 has five Tuesdays in March, June, September and December only.
    expect(starts(monthly(TUE, 5), "Australia/Melbourne", "2026-01-01T00:00:00Z", 4)).toEqual([
      "2026-03-31T08:00:00Z", // AEDT
      "2026-06-30T09:00:00Z", // AEST
      "2026-09-29T09:00:00Z", // AEST, five days before the change
      "2026-12-29T08:00:00Z", // AEDT
    ]);
  });

  it("finds the nth and last weekday, or none", () => {
    expect(nthWeekdayOfMonth(2026, 2, TUE, 5)).toBeNull();
    expect(nthWeekdayOfMonth(2026, 3, TUE, 5)).toBe(31);
    expect(nthWeekdayOfMonth(2026, 2, THU, -1)).toBe(26);
    expect(nthWeekdayOfMonth(2026, 2, SUN, 1)).toBe(1);
  });

  it("does not offer a meeting that has already started today, and rolls over the year", () => {
    // Thursday 10 December 2026, 8:30 pm NZDT is 07:30Z.
    const r = monthly(THU, 2, "20:30", "22:00");
    expect(starts(r, "Pacific/Auckland", "2026-12-10T07:30:00Z", 1)).toEqual(["2026-12-10T07:30:00Z"]);
    expect(starts(r, "Pacific/Auckland", "2026-12-10T07:31:00Z", 2)).toEqual(["2027-01-14T07:30:00Z", "2027-02-11T07:30:00Z"]);
  });

  it("uses the group's own calendar date, not UTC's", () => {
    // 9:30 am Tuesday 10 March in Melbourne is still Monday 9 March in UTC.
    expect(starts(monthly(TUE, 2), "Australia/Melbourne", "2026-03-09T22:30:00Z", 1)).toEqual(["2026-03-10T08:00:00Z"]);
  });
});

describe("fortnightly rhythms", () => {
  it("keeps to the anchor's fortnight, before and after the anchor date", () => {
    const r: Rhythm = { frequency: "fortnightly", weekday: 6, anchorDate: "2026-01-10", start: "10:00", end: "12:00" };
    expect(starts(r, "Australia/Sydney", "2025-12-20T00:00:00Z", 2)).toEqual(["2025-12-26T23:00:00Z", "2026-01-09T23:00:00Z"]);
    expect(starts(r, "Australia/Sydney", "2026-01-11T00:00:00Z", 1)).toEqual(["2026-01-23T23:00:00Z"]);
  });
});

describe("describing rhythms", () => {
  it("reads as people say it", () => {
    expect(describeRhythm(monthly(TUE, 2))).toBe("Monthly, second Tuesday, 7–9 pm");
    expect(describeRhythm(monthly(WED, -1, "18:00", "20:00"))).toBe("Monthly, last Wednesday, 6–8 pm");
    expect(describeRhythm(monthly(TUE, 5))).toBe("Monthly, fifth Tuesday (in months that have one), 7–9 pm");
    expect(describeRhythm({ frequency: "fortnightly", weekday: 6, start: "10:00", end: "12:30" })).toBe("Every second Saturday, 10 am–12:30 pm");
    expect(describeRhythm(weekly(THU, "11:30", "13:00"))).toBe("Weekly, Thursday, 11:30 am–1 pm");
  });

  it("formats a meeting in a given zone", () => {
    const start = new Date("2026-12-10T07:30:00Z");
    expect(formatMeeting(start, "Pacific/Auckland")).toBe("Thu 10 Dec, 8:30 pm");
    expect(formatMeeting(start, "Australia/Sydney")).toBe("Thu 10 Dec, 6:30 pm");
    expect(formatMeeting(new Date("2026-03-10T08:00:00Z"), "Australia/Melbourne")).toBe("Tue 10 Mar, 7 pm");
  });
});

describe("meetings that run past midnight", () => {
  it("end the next day", () => {
    const [m] = nextMeetings(weekly(THU, "22:00", "00:30"), "Australia/Sydney", new Date("2026-06-01T00:00:00Z"), 1);
    expect(iso(m!.start)).toBe("2026-06-04T12:00:00Z");
    expect(iso(m!.end)).toBe("2026-06-04T14:30:00Z");
  });
});
