/**
 * Whose clock "your time" uses, without JavaScript: a zone the visitor chose
 * on the page (?tz=, then remembered for the visit in the pwcop_tz cookie),
 * else the zone of a place they gave (on Find a group, or in the
 * questionnaire). With JavaScript, the browser's own zone replaces the last
 * two (app/utils/your-time.ts); a chosen zone always stands.
 */
import { createCookie } from "@remix-run/node";
import type { Area } from "../../machines/answers";
import type { Services } from "../context";
import { appUrl } from "../utils/env.server";
import { canonicalZone, KNOWN_ZONE_NAMES, ZONE_NAMES, OTHER_ZONE_NAMES, zoneForArea, zoneName } from "../utils/time-zones";
import { loadWizardSession } from "../eligibility/session.server";
import { groupsContent } from "./content.server";

export type ZoneSource = "choice" | "place" | "none";

export interface ViewerZone {
  /** An IANA zone, or null when nothing says where the visitor is. */
  zone: string | null;
  source: ZoneSource;
  /** Set-Cookie remembering a zone just chosen. */
  setCookie: string | null;
}

const COOKIE_NAME = "pwcop_tz";
const cookies = new Map<boolean, ReturnType<typeof createCookie>>();

/** A preference, not personal data: unsigned, httpOnly, SameSite=Lax, and gone when the browser closes (no Max-Age). */
function zoneCookie(secure: boolean) {
  let cookie = cookies.get(secure);
  if (!cookie) {
    cookie = createCookie(COOKIE_NAME, { path: "/", sameSite: "lax", httpOnly: true, secure });
    cookies.set(secure, cookie);
  }
  return cookie;
}

/** The zone for "your time" on this request; `placeArea` is a place typed on the page itself. */
export async function viewerZone(request: Request, services: Services, placeArea: Area | null = null): Promise<ViewerZone> {
  const cookie = zoneCookie(appUrl(services.env).startsWith("https:"));
  const asked = canonicalZone((new URL(request.url).searchParams.get("tz") ?? "").trim());
  if (asked) return { zone: asked, source: "choice", setCookie: await cookie.serialize(asked) };
  const remembered = canonicalZone(await cookie.parse(request.headers.get("Cookie")).catch(() => null));
  if (remembered) return { zone: remembered, source: "choice", setCookie: null };
  const typed = zoneForArea(placeArea);
  if (typed) return { zone: typed, source: "place", setCookie: null };
  const wizard = await loadWizardSession(request, services);
  const answered = zoneForArea(wizard?.snapshot.context.area);
  return answered ? { zone: answered, source: "place", setCookie: null } : { zone: null, source: "none", setCookie: null };
}

export interface ZoneOption {
  value: string;
  label: string;
}

/** The "Show times in" form: its choices (AU and NZ zones, then a few elsewhere, plus the current one if it is neither) and copy. */
export function zoneForm(current: ViewerZone, hidden: Record<string, string> = {}) {
  const copy = groupsContent.yourTime;
  const option = (value: string): ZoneOption => ({ value, label: copy.zones[value] ?? zoneName(value) });
  const australia = Object.keys(ZONE_NAMES).filter((z) => z.startsWith("Australia/")).map(option);
  const newZealand = Object.keys(ZONE_NAMES).filter((z) => !z.startsWith("Australia/")).map(option);
  const elsewhere = Object.keys(OTHER_ZONE_NAMES).map(option);
  if (current.zone && !(current.zone in KNOWN_ZONE_NAMES)) elsewhere.unshift(option(current.zone));
  return {
    copy,
    selected: current.zone ?? "",
    source: current.source,
    /** "“Your time” is London time." once a zone is known; the script rewrites it for the browser's zone. */
    status: current.zone ? copy.status.replace("{zone}", zoneName(current.zone)) : copy.statusNone,
    groups: { australia, newZealand, elsewhere },
    /** Fields of the page's own query to keep when the form is sent. */
    hidden: Object.entries(hidden).filter(([, v]) => v !== ""),
  };
}

export type ZoneFormData = ReturnType<typeof zoneForm>;
