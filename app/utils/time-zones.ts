import type { Area } from "../../machines/answers";
import { nameOfZone } from "./your-time";

const AU_ZONES: Record<string, string> = {
  NSW: "Australia/Sydney",
  ACT: "Australia/Sydney",
  VIC: "Australia/Melbourne",
  QLD: "Australia/Brisbane",
  SA: "Australia/Adelaide",
  WA: "Australia/Perth",
  TAS: "Australia/Hobart",
  NT: "Australia/Darwin",
};

/** The IANA zone for a gazetteer area (NZ: one zone; Chatham Islands aside). */
export function zoneForArea(area: Pick<Area, "country" | "region"> | null | undefined): string | null {
  if (!area) return null;
  if (area.country === "NZ") return "Pacific/Auckland";
  return AU_ZONES[area.region] ?? null;
}

/** Short names people recognise, for zones we meet in (also the zones a group may be listed in). */
export const ZONE_NAMES: Record<string, string> = {
  "Australia/Sydney": "Sydney time",
  "Australia/Melbourne": "Melbourne time",
  "Australia/Brisbane": "Brisbane time",
  "Australia/Adelaide": "Adelaide time",
  "Australia/Perth": "Perth time",
  "Australia/Hobart": "Hobart time",
  "Australia/Darwin": "Darwin time",
  "Pacific/Auckland": "New Zealand time",
};

/**
 * A few zones outside Australia and New Zealand that people joining online
 * groups often live in: offered for "your time", never as a group's zone.
 */
export const OTHER_ZONE_NAMES: Record<string, string> = {
  "Europe/London": "London time",
  "America/Los_Angeles": "Los Angeles time",
  "Asia/Singapore": "Singapore time",
  UTC: "UTC",
};

/** Every zone with a name of ours: the script that shows "your time" in the browser carries these. */
export const KNOWN_ZONE_NAMES: Record<string, string> = { ...ZONE_NAMES, ...OTHER_ZONE_NAMES };

/** "Sydney time"; for any other zone, its city ("Berlin time"), or "UTC". */
export const zoneName = (zone: string): string => nameOfZone(zone, KNOWN_ZONE_NAMES);

const checked = new Map<string, string | null>();

/**
 * The IANA zone `zone` names, as this platform spells it ("europe/london" →
 * "Europe/London"), or null when it names none: for a zone a visitor chose
 * or a browser reported.
 */
export function canonicalZone(zone: unknown): string | null {
  if (typeof zone !== "string" || zone.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone)) return null;
  if (zone in ZONE_NAMES || zone in OTHER_ZONE_NAMES) return zone;
  if (!checked.has(zone)) {
    let found: string | null = null;
    try {
      found = new Intl.DateTimeFormat("en-AU", { timeZone: zone }).resolvedOptions().timeZone;
    } catch {
      found = null;
    }
    if (checked.size > 1000) checked.clear();
    checked.set(zone, found);
  }
  return checked.get(zone) ?? null;
}

/** Whether `zone` is an IANA time zone this platform knows. */
export const isTimeZone = (zone: unknown): zone is string => canonicalZone(zone) !== null;
