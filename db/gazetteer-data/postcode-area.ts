/**
 * Postcode areas by id: which gazetteer areas are a postcode's area, and what
 * they are called ("0870 Alice Springs area"). Pure, with no Node or database
 * imports, so the browser bundle and machines/ can use it; db/gazetteer.ts
 * re-exports it.
 */
import type { Area } from "../../machines/answers";

/** The id of a postcode's area: "au-postcode-0870", "nz-postcode-6011", "nz-postcode-10xx". */
export const postcodeAreaId = (country: "AU" | "NZ", code: string) => `${country.toLowerCase()}-postcode-${code}`;
const POSTCODE_AREA_ID = /^(au|nz)-postcode-(\d{1,4}x*)$/;

export interface PostcodeAreaParts {
  /** The 4-digit postcode; null for an NZ area known only by a prefix (a person typing 1041 gets "10xx"). */
  postcode: string | null;
  /** The main locality the area is named after ("Alice Springs" for 0870). */
  locality: string;
}

/**
 * What a postcode area is called, for labels: the postcode and its main
 * locality. Null when the area is a named place (a suburb or town), not a
 * postcode's area. Works on any Area the gazetteer handed out, stored or not.
 */
export function postcodeAreaOf(area: Pick<Area, "id" | "name">): PostcodeAreaParts | null {
  const m = POSTCODE_AREA_ID.exec(area.id);
  if (!m) return null;
  return { postcode: /^\d{4}$/.test(m[2]!) ? m[2]! : null, locality: area.name };
}

/** "0870 Alice Springs area"; "Central Auckland area" for an NZ prefix area; null for a named place. */
export function postcodeAreaLabel(area: Pick<Area, "id" | "name">): string | null {
  const parts = postcodeAreaOf(area);
  if (!parts) return null;
  return parts.postcode ? `${parts.postcode} ${parts.locality} area` : `${parts.locality} area`;
}
