import type { Area } from "../../machines/answers";

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

/** Short names people recognise, for zones we meet in. */
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

export const zoneName = (zone: string) => ZONE_NAMES[zone] ?? zone.replace(/_/g, " ");
