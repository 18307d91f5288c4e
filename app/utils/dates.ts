/** Dates as the back office shows them: en-AU, in a named zone (a group's, or Sydney's by default), formatted on the server. */
export const DEFAULT_ZONE = "Australia/Sydney";

const STYLES = {
  dateTime: { day: "numeric", month: "short", year: "numeric", hour: "numeric", minute: "2-digit" },
  date: { day: "numeric", month: "long", year: "numeric" },
  month: { month: "long", year: "numeric" },
} satisfies Record<string, Intl.DateTimeFormatOptions>;
type Style = keyof typeof STYLES;

/**
 * Formatters made once per style and zone: making an Intl.DateTimeFormat
 * costs far more than formatting with one (it loads the zone's rules), and a
 * list page formats a date on every row. A zone Intl does not know gets the
 * default zone's formatter. Bounded: zones are a short list, but a stored
 * value is not trusted to be one of them.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATTERS = 500;

function formatter(style: Style, timeZone: string): Intl.DateTimeFormat {
  const key = `${style} ${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-AU", { ...STYLES[style], timeZone });
    } catch {
      f = new Intl.DateTimeFormat("en-AU", { ...STYLES[style], timeZone: DEFAULT_ZONE });
    }
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    formatters.set(key, f);
  }
  return f;
}

function format(iso: string | Date, style: Style, timeZone: string): string {
  return formatter(style, timeZone).format(typeof iso === "string" ? new Date(iso) : iso);
}

/** "29 Nov 2026, 4:05 pm" */
export const formatDateTime = (iso: string | Date, timeZone = DEFAULT_ZONE) => format(iso, "dateTime", timeZone);

/** "29 November 2026" */
export const formatDate = (iso: string | Date, timeZone = DEFAULT_ZONE) => format(iso, "date", timeZone);

/** "November 2026" */
export const formatMonth = (iso: string | Date, timeZone = DEFAULT_ZONE) => format(iso, "month", timeZone);

/** Whole days from `iso` to `now`. */
export const daysSince = (iso: string, now: Date) => Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / 86_400_000));
