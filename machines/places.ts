/**
 * Places, defined once: the distance between two points and how an area is
 * written. Pure and isomorphic; matching, the wizard, Find a group, the
 * gazetteer's SQL prefilters and the waiting list all use these two.
 */
import type { Area } from "./answers";

/** The mean Earth radius (IUGG), km. */
export const EARTH_RADIUS_KM = 6371.0088;

const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in kilometres (haversine). */
export function greatCircleKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * How a gazetteer area is shown everywhere: "Brunswick, VIC 3056",
 * "Te Aro, Wellington 6011, NZ", "Richmond, Tasman, NZ". New Zealand places
 * say so: "Richmond, Tasman" and "Richmond, TAS" are easy to mix up.
 */
export function areaLabel(area: Pick<Area, "name" | "region" | "postcode" | "country">): string {
  const where = [area.region, area.postcode].filter(Boolean).join(" ");
  const nz = area.country === "NZ" && !/new zealand/i.test(where) ? ", NZ" : "";
  return `${[area.name, where].filter(Boolean).join(", ")}${nz}`;
}
