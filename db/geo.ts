import { greatCircleKm } from "../machines/places";

const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in kilometres: the one definition, machines/places.ts. */
export const distanceKm = greatCircleKm;

/** A latitude/longitude box that contains every point within `km` of `p` (for an index prefilter). */
export function boundingBox(p: { lat: number; lon: number }, km: number) {
  const dLat = km / 111.0;
  const cosLat = Math.max(0.01, Math.cos(rad(Math.min(89, Math.abs(p.lat) + dLat))));
  const dLon = Math.min(180, km / (111.32 * cosLat));
  return { minLat: p.lat - dLat, maxLat: p.lat + dLat, minLon: p.lon - dLon, maxLon: p.lon + dLon };
}
