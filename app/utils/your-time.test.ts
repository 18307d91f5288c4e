// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { formatMeeting, formatMeetingTimes, formatLongDate } from "./rhythm";
import { canonicalZone, isTimeZone, KNOWN_ZONE_NAMES, ZONE_NAMES, zoneName } from "./time-zones";
import { nameOfZone, yourTimeScript, yourTimeText } from "./your-time";

const THU_NZ_EVENING = "2026-12-10T07:30:00.000Z"; // Thu 10 Dec, 8:30 pm in Auckland (NZDT, +13)
const END = "2026-12-10T09:00:00.000Z";

describe("yourTimeText", () => {
  it("says a meeting's start, or start and end, on the viewer's clock, with the zone's name", () => {
    expect(yourTimeText(THU_NZ_EVENING, null, "Europe/London", "London time")).toBe("Thu 10 Dec, 7:30 am (London time)");
    expect(yourTimeText(THU_NZ_EVENING, END, "Europe/London", "London time")).toBe("Thu 10 Dec, 7:30–9 am (London time)");
    expect(yourTimeText(THU_NZ_EVENING, END, "Australia/Perth", "Perth time")).toBe("Thu 10 Dec, 3:30–5 pm (Perth time)");
    // Across noon, and onto the day before.
    expect(yourTimeText("2026-12-10T11:30:00.000Z", "2026-12-10T13:00:00.000Z", "America/Los_Angeles", "Los Angeles time")).toBe("Thu 10 Dec, 3:30–5 am (Los Angeles time)");
    expect(yourTimeText("2026-12-10T07:30:00.000Z", "2026-12-10T09:00:00.000Z", "America/Los_Angeles", "Los Angeles time")).toBe("Wed 9 Dec, 11:30 pm–1 am (Los Angeles time)");
    expect(yourTimeText(THU_NZ_EVENING, null, "Not/A_Zone", "x")).toBeNull();
  });

  it("reads exactly as the server's own meeting times do, in every zone groups meet in", () => {
    const instants = ["2026-03-10T08:00:00Z", "2026-04-05T00:00:00Z", "2026-10-03T23:00:00Z", "2026-06-30T12:05:00Z"].map((s) => new Date(s));
    for (const zone of Object.keys(ZONE_NAMES)) {
      for (const start of instants) {
        const end = new Date(start.getTime() + 90 * 60_000);
        expect(yourTimeText(start.toISOString(), null, zone, zoneName(zone))).toBe(`${formatMeeting(start, zone)} (${zoneName(zone)})`);
        const both = yourTimeText(start.toISOString(), end.toISOString(), zone, zoneName(zone))!;
        expect(both.endsWith(`, ${formatMeetingTimes({ start, end }, zone)} (${zoneName(zone)})`)).toBe(true);
        expect(formatLongDate(start, zone)).toContain(both.split(",")[0]!.split(" ")[1]!);
      }
    }
  });
});

describe("zone names and choices", () => {
  it("names our zones, and any other by its city", () => {
    expect(zoneName("Pacific/Auckland")).toBe("New Zealand time");
    expect(zoneName("Europe/London")).toBe("London time");
    expect(zoneName("America/Argentina/Buenos_Aires")).toBe("Buenos Aires time");
    expect(zoneName("Etc/UTC")).toBe("UTC");
    expect(nameOfZone("Asia/Kolkata", KNOWN_ZONE_NAMES)).toBe("Kolkata time");
  });

  it("accepts real IANA zones only", () => {
    for (const z of ["Australia/Perth", "Europe/London", "UTC", "Asia/Kolkata", "America/Argentina/Buenos_Aires"]) expect(isTimeZone(z), z).toBe(true);
    expect(canonicalZone("europe/london")).toBe("Europe/London");
    for (const z of ["", "Mars/Olympus", "Europe/London<script>", "../etc/passwd", "x".repeat(80), 42, null]) expect(isTimeZone(z), String(z)).toBe(false);
  });
});

describe("the inline script", () => {
  /** Runs the script as the browser would, with the browser's zone set to `zone`. */
  function run(html: string, zone: string) {
    document.body.innerHTML = html;
    const RealFormat = Intl.DateTimeFormat;
    const FakeIntl = {
      DateTimeFormat: function (locale?: string, options?: Intl.DateTimeFormatOptions) {
        return locale === undefined ? { resolvedOptions: () => ({ timeZone: zone }) } : new RealFormat(locale, options);
      },
    };
    // Only what a browser page has: no imports, no names from this module.
    new Function("Intl", "document", "Option", yourTimeScript(KNOWN_ZONE_NAMES))(FakeIntl, document, Option);
  }

  const PAGE = `
    <p data-your-zone="“Your time” is {zone}.">Choose your time zone to see each meeting in your own time.</p>
    <select data-zone-select name="tz"><option value="">Choose</option><option value="Europe/London">London time (UK)</option></select>
    <span data-your-time data-start="${THU_NZ_EVENING}"><a href="#x">Choose your time zone</a></span>
    <span data-your-time data-start="${THU_NZ_EVENING}" data-end="${END}">Thu 10 Dec, 8:30–10 pm (New Zealand time)</span>`;

  it("rewrites every “your time”, the sentence naming the zone and the zone choice for the browser's zone", () => {
    run(PAGE, "Europe/London");
    const times = [...document.querySelectorAll("[data-your-time]")].map((e) => e.textContent);
    expect(times).toEqual(["Thu 10 Dec, 7:30 am (London time)", "Thu 10 Dec, 7:30–9 am (London time)"]);
    expect(document.querySelector("[data-your-zone]")!.textContent).toBe("“Your time” is London time.");
    expect(document.querySelector("select")!.value).toBe("Europe/London");
  });

  it("adds a zone the choice does not list, by its city's name", () => {
    run(PAGE, "Asia/Kolkata");
    expect(document.querySelector("[data-your-time]")!.textContent).toBe("Thu 10 Dec, 1 pm (Kolkata time)");
    expect(document.querySelector("select")!.value).toBe("Asia/Kolkata");
    expect(document.querySelector("select option:checked")!.textContent).toBe("Kolkata time");
  });

  it("is small and cannot close its own <script> element", () => {
    const src = yourTimeScript({ ...KNOWN_ZONE_NAMES, "Evil/</script>": "</script><b>" });
    expect(src).not.toMatch(/<\/script/i);
    expect(yourTimeScript(KNOWN_ZONE_NAMES).length).toBeLessThan(3000);
  });
});
