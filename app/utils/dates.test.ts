/** Back-office dates: formatters made once per style and zone give what a fresh Intl formatter gives, every time. */
import { describe, expect, it } from "vitest";
import { DEFAULT_ZONE, formatDate, formatDateTime, formatMonth } from "./dates";

const fresh = (d: Date, options: Intl.DateTimeFormatOptions, timeZone: string) => new Intl.DateTimeFormat("en-AU", { ...options, timeZone }).format(d);

describe("dates", () => {
  const moments = ["2026-11-29T05:05:00Z", "2026-04-04T15:59:59.999Z", "2026-10-03T16:00:00Z", "2027-01-01T00:00:00Z"];
  const zones = ["Australia/Sydney", "Australia/Perth", "Australia/Adelaide", "Pacific/Auckland", "Pacific/Chatham"];

  it("formats as a fresh formatter in each zone, repeatedly, with zones interleaved", () => {
    for (let round = 0; round < 2; round++)
      for (const iso of moments)
        for (const zone of zones) {
          const d = new Date(iso);
          expect(formatDate(iso, zone)).toBe(fresh(d, { day: "numeric", month: "long", year: "numeric" }, zone));
          expect(formatDateTime(d, zone)).toBe(fresh(d, { day: "numeric", month: "short", year: "numeric", hour: "numeric", minute: "2-digit" }, zone));
          expect(formatMonth(iso, zone)).toBe(fresh(d, { month: "long", year: "numeric" }, zone));
        }
  });

  it("a zone Intl does not know is shown in the default zone; with none given, the default zone", () => {
    const iso = "2026-04-04T15:30:00Z";
    expect(formatDateTime(iso, "Not/AZone")).toBe(formatDateTime(iso, DEFAULT_ZONE));
    expect(formatDateTime(iso, "Not/AZone")).toBe(formatDateTime(iso));
    expect(formatDate(iso)).toBe("5 April 2026");
  });
});
