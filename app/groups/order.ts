/**
 * How Find a group orders what it lists, as small pure functions (the
 * matching rules themselves live in machines/): open groups before full
 * ones, forming ones last; and, with no place to sort by, the groups that
 * meet in person grouped by state or region.
 */

import { byGroupStatus, type GroupStatus as Status } from "../../machines/matching";

/** Open before full before forming (machines/matching.ts), then by name. */
export function byStatusThenName(a: { status: Status; name: string }, b: { status: Status; name: string }): number {
  return byGroupStatus(a, b) || a.name.localeCompare(b.name, "en-AU");
}

export interface RegionSection<T> {
  country: "AU" | "NZ";
  region: string;
  groups: T[];
}

/**
 * The groups by state or region: Australia's states and territories, then
 * New Zealand's regions, each set in alphabetical order of its name
 * (`regionLabel`); within each, open before full before forming.
 */
export function byRegion<T extends { country: "AU" | "NZ"; region: string; status: Status; name: string }>(
  groups: readonly T[],
  regionLabel: (region: string) => string,
): RegionSection<T>[] {
  const sections = new Map<string, RegionSection<T>>();
  for (const g of groups) {
    const key = `${g.country}:${g.region}`;
    let s = sections.get(key);
    if (!s) {
      s = { country: g.country, region: g.region, groups: [] };
      sections.set(key, s);
    }
    s.groups.push(g);
  }
  return [...sections.values()]
    .sort((a, b) => (a.country === b.country ? regionLabel(a.region).localeCompare(regionLabel(b.region), "en-AU") : a.country === "AU" ? -1 : 1))
    .map((s) => ({ ...s, groups: [...s.groups].sort(byStatusThenName) }));
}
