/**
 * Test data for the machine tests: gazetteer areas, candidate groups around
 * them, and four sets of facts the server might find. Distances (haversine,
 * km from the area): West End 2.5 and Logan 20.6 from Brisbane City, Gold
 * Coast 71; the forming group 0.3; Fitzroy hybrid 0.2 from Fitzroy; Richmond
 * (Tasman) group 0.4 and Nelson 11.2 from Richmond (Tasman), Nelson 254 from
 * Richmond (Christchurch). Offsets are standard time: Brisbane and Melbourne
 * +10 h, Perth +8 h, New Zealand +12 h, London 0.
 */
import type { Area } from "./answers";
import type { CandidateGroup, MatchFacts } from "./matching";

export const BRISBANE: Area = {
  id: "au-qld-brisbane-city",
  name: "Brisbane City",
  region: "QLD",
  country: "AU",
  postcode: "4000",
  lat: -27.4679,
  lon: 153.0281,
};
export const FITZROY: Area = {
  id: "au-vic-fitzroy",
  name: "Fitzroy",
  region: "VIC",
  country: "AU",
  postcode: "3065",
  lat: -37.7982,
  lon: 144.9784,
};
export const RICHMOND_TASMAN: Area = {
  id: "nz-tas-richmond",
  name: "Richmond",
  region: "Tasman",
  country: "NZ",
  postcode: "7020",
  lat: -41.3375,
  lon: 173.1841,
};
export const RICHMOND_CHCH: Area = {
  id: "nz-can-richmond",
  name: "Richmond",
  region: "Canterbury",
  country: "NZ",
  postcode: "8013",
  lat: -43.5087,
  lon: 172.6513,
};

/** The viewer's offset for each area (what the server works out from the area's time zone). */
export function offsetFor(area: Area | null): number | null {
  if (!area) return null;
  return area.country === "NZ" ? 720 : 600;
}

const group = (id: number, slug: string, name: string, rest: Omit<CandidateGroup, "id" | "slug" | "name">): CandidateGroup => ({ id, slug, name, ...rest });

export const G = {
  westEnd: group(1, "west-end", "West End", { format: "in_person", status: "open", lat: -27.482, lon: 153.009, utcOffsetMinutes: 600 }),
  logan: group(2, "logan", "Logan", { format: "in_person", status: "full", lat: -27.639, lon: 153.109, utcOffsetMinutes: 600 }),
  goldCoast: group(3, "gold-coast", "Gold Coast", { format: "in_person", status: "open", lat: -28.0167, lon: 153.4, utcOffsetMinutes: 600 }),
  fitzroyHybrid: group(4, "fitzroy-hybrid", "Fitzroy hybrid", { format: "hybrid", status: "full", lat: -37.8, lon: 144.98, utcOffsetMinutes: 600 }),
  nzEvenings: group(5, "nz-evenings", "NZ evenings", { format: "online", status: "open", lat: null, lon: null, utcOffsetMinutes: 720 }),
  perthOnline: group(6, "perth-online", "Perth online", { format: "online", status: "full", lat: null, lon: null, utcOffsetMinutes: 480 }),
  richmondTasman: group(7, "richmond-tasman", "Richmond Tasman", { format: "in_person", status: "open", lat: -41.34, lon: 173.18, utcOffsetMinutes: 720 }),
  formingBrisbane: group(8, "forming-brisbane", "Forming Brisbane", { format: "in_person", status: "forming", lat: -27.47, lon: 153.03, utcOffsetMinutes: 600 }),
  closedOnline: group(9, "closed-online", "Closed online", { format: "online", status: "closed", lat: null, lon: null, utcOffsetMinutes: 600 }),
  nelson: group(10, "nelson", "Nelson", { format: "in_person", status: "full", lat: -41.2706, lon: 173.284, utcOffsetMinutes: 720 }),
  londonOnline: group(11, "london-online", "London online", { format: "online", status: "open", lat: null, lon: null, utcOffsetMinutes: 0 }),
} as const;

/** Four sets of candidate groups. */
export const GROUP_SETS = {
  none: [],
  all: Object.values(G),
  fullOnly: [G.logan, G.fitzroyHybrid, G.perthOnline, G.formingBrisbane, G.closedOnline, G.nelson],
  onlineAndFar: [G.goldCoast, G.nzEvenings, G.londonOnline],
} as const satisfies Record<string, readonly CandidateGroup[]>;
export type GroupSetName = keyof typeof GROUP_SETS;
export const GROUP_SET_NAMES = Object.keys(GROUP_SETS) as GroupSetName[];

export function factsFor(set: GroupSetName, area: Area | null): MatchFacts {
  return { groups: [...GROUP_SETS[set]], viewerUtcOffsetMinutes: offsetFor(area) };
}

/** The name of the set a `confirm` event's facts came from. */
export function setNameOf(facts: MatchFacts): GroupSetName {
  const name = GROUP_SET_NAMES.find((n) => GROUP_SETS[n].length === facts.groups.length && GROUP_SETS[n].every((g, i) => facts.groups[i]?.id === g.id));
  if (!name) throw new Error("facts from an unknown group set");
  return name;
}
