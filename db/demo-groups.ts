import { DEFAULT_CAPACITY } from "../machines/matching";
import type { NewGroup } from "./queries/groups";

/**
 * Demo groups: fictional convenors at example.org, realistic
 * rhythms and time zones. Seeded once on first start; the UI says so while any exist.
 */
const monthly = (weekday: number, week: 1 | 2 | 3 | 4 | -1, start: string, end: string) =>
  ({ frequency: "monthly", weekday, week, start, end }) as const;
const fortnightly = (weekday: number, anchorDate: string, start: string, end: string) =>
  ({ frequency: "fortnightly", weekday, anchorDate, start, end }) as const;

const SUN = 0, MON = 1, TUE = 2, WED = 3, THU = 4, SAT = 6;

export const DEMO_GROUPS: readonly NewGroup[] = [
  { slug: "melbourne-inner-north", name: "Melbourne Inner North", suburb: "Brunswick", region: "VIC", country: "AU", lat: -37.7667, lon: 144.96, format: "in_person", status: "open", capacity: DEFAULT_CAPACITY, rhythm: monthly(TUE, 2, "19:00", "21:00"), timeZone: "Australia/Melbourne", convenorFirstName: "Mira", convenorEmail: "mira.convenor@example.org" },
  { slug: "sydney-inner-west", name: "Sydney Inner West", suburb: "Newtown", region: "NSW", country: "AU", lat: -33.8983, lon: 151.1781, format: "in_person", status: "full", capacity: 10, rhythm: monthly(THU, 1, "18:30", "20:30"), timeZone: "Australia/Sydney", convenorFirstName: "Tom", convenorEmail: "tom.convenor@example.org" },
  { slug: "northern-rivers", name: "Northern Rivers", suburb: "Byron Bay", region: "NSW", country: "AU", lat: -28.6474, lon: 153.602, format: "in_person", status: "open", capacity: DEFAULT_CAPACITY, rhythm: fortnightly(SAT, "2026-01-10", "10:00", "12:00"), timeZone: "Australia/Sydney", convenorFirstName: "Leah", convenorEmail: "leah.convenor@example.org" },
  { slug: "brisbane", name: "Brisbane", suburb: "West End", region: "QLD", country: "AU", lat: -27.482, lon: 153.009, format: "in_person", status: "open", capacity: DEFAULT_CAPACITY, rhythm: monthly(WED, -1, "18:00", "20:00"), timeZone: "Australia/Brisbane", convenorFirstName: "Sam", convenorEmail: "sam.convenor@example.org" },
  { slug: "perth-fremantle", name: "Perth", suburb: "Fremantle", region: "WA", country: "AU", lat: -32.0569, lon: 115.7439, format: "in_person", status: "open", capacity: DEFAULT_CAPACITY, rhythm: monthly(SUN, 3, "14:00", "16:00"), timeZone: "Australia/Perth", convenorFirstName: "Priya", convenorEmail: "priya.convenor@example.org" },
  { slug: "adelaide", name: "Adelaide", suburb: "Norwood", region: "SA", country: "AU", lat: -34.921, lon: 138.631, format: "in_person", status: "open", capacity: DEFAULT_CAPACITY, rhythm: monthly(MON, 2, "19:00", "21:00"), timeZone: "Australia/Adelaide", convenorFirstName: "Ben", convenorEmail: "ben.convenor@example.org" },
  { slug: "hobart", name: "Hobart", suburb: "Hobart", region: "TAS", country: "AU", lat: -42.8821, lon: 147.3272, format: "in_person", status: "open", capacity: DEFAULT_CAPACITY, rhythm: monthly(SAT, 1, "10:00", "12:30"), timeZone: "Australia/Hobart", convenorFirstName: "Ruth", convenorEmail: "ruth.convenor@example.org" },
  { slug: "canberra", name: "Canberra", suburb: "Braddon", region: "ACT", country: "AU", lat: -35.273, lon: 149.134, format: "in_person", status: "open", capacity: DEFAULT_CAPACITY, rhythm: monthly(TUE, 4, "18:30", "20:30"), timeZone: "Australia/Sydney", convenorFirstName: "Alex", convenorEmail: "alex.convenor@example.org" },
  { slug: "auckland-ponsonby", name: "Auckland", suburb: "Ponsonby", region: "Auckland", country: "NZ", lat: -36.856, lon: 174.744, format: "in_person", status: "open", capacity: DEFAULT_CAPACITY, rhythm: monthly(WED, 2, "19:00", "21:00"), timeZone: "Pacific/Auckland", convenorFirstName: "Aroha", convenorEmail: "aroha.convenor@example.org" },
  { slug: "wellington-te-aro", name: "Wellington", suburb: "Te Aro", region: "Wellington", country: "NZ", lat: -41.294, lon: 174.775, format: "in_person", status: "open", capacity: DEFAULT_CAPACITY, rhythm: monthly(MON, 1, "18:00", "20:00"), timeZone: "Pacific/Auckland", convenorFirstName: "Hemi", convenorEmail: "hemi.convenor@example.org" },
  { slug: "christchurch-central", name: "Christchurch", suburb: "Christchurch Central", region: "Canterbury", country: "NZ", lat: -43.532, lon: 172.6366, format: "in_person", status: "forming", capacity: DEFAULT_CAPACITY, rhythm: monthly(THU, 3, "19:00", "21:00"), timeZone: "Pacific/Auckland", convenorFirstName: "Kate", convenorEmail: "kate.convenor@example.org" },
  { slug: "anz-evenings", name: "ANZ evenings", suburb: "Online", region: "Online", country: "NZ", lat: null, lon: null, format: "online", status: "open", capacity: 16, rhythm: monthly(THU, 2, "20:30", "22:00"), timeZone: "Pacific/Auckland", convenorFirstName: "Grace", convenorEmail: "grace.convenor@example.org" },
  { slug: "west-and-asia-daytime", name: "West & Asia daytime", suburb: "Online", region: "Online", country: "AU", lat: null, lon: null, format: "online", status: "open", capacity: 16, rhythm: fortnightly(WED, "2026-01-07", "12:00", "13:30"), timeZone: "Australia/Perth", convenorFirstName: "Lin", convenorEmail: "lin.convenor@example.org" },
];
