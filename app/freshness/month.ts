/** "May 2026": the month and year of an instant in a group's time zone (en-AU). */
export function monthYear(iso: string | Date, timeZone: string): string {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  try {
    return new Intl.DateTimeFormat("en-AU", { month: "long", year: "numeric", timeZone }).format(d);
  } catch {
    return new Intl.DateTimeFormat("en-AU", { month: "long", year: "numeric", timeZone: "Australia/Sydney" }).format(d);
  }
}
