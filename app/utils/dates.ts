/** Dates as the back office shows them: en-AU, in a named zone (a group's, or Sydney's by default), formatted on the server. */
export const DEFAULT_ZONE = "Australia/Sydney";

function format(iso: string | Date, options: Intl.DateTimeFormatOptions, timeZone: string): string {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  try {
    return new Intl.DateTimeFormat("en-AU", { ...options, timeZone }).format(d);
  } catch {
    return new Intl.DateTimeFormat("en-AU", { ...options, timeZone: DEFAULT_ZONE }).format(d);
  }
}

/** "29 Nov 2026, 4:05 pm" */
export const formatDateTime = (iso: string | Date, timeZone = DEFAULT_ZONE) =>
  format(iso, { day: "numeric", month: "short", year: "numeric", hour: "numeric", minute: "2-digit" }, timeZone);

/** "29 November 2026" */
export const formatDate = (iso: string | Date, timeZone = DEFAULT_ZONE) => format(iso, { day: "numeric", month: "long", year: "numeric" }, timeZone);

/** "November 2026" */
export const formatMonth = (iso: string | Date, timeZone = DEFAULT_ZONE) => format(iso, { month: "long", year: "numeric" }, timeZone);

/** Whole days from `iso` to `now`. */
export const daysSince = (iso: string, now: Date) => Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / 86_400_000));
