/**
 * "Your time": when an online group's meeting happens on the viewer's clock.
 *
 * The server writes it for the zone it knows (one the visitor chose, or the
 * one of the place they gave); with JavaScript, a small inline script
 * rewrites it for the browser's own zone. Both run the same functions below:
 * the script is their source text, so each must stay self-contained (no
 * imports, no names from outside the function) and plain enough for any
 * current browser.
 */

/** "London time", "New Zealand time", "UTC": a known name, else the zone's city. */
export function nameOfZone(zone: string, names: Record<string, string>): string {
  if (names[zone]) return names[zone] as string;
  if (/^(Etc\/)?(UTC|GMT|Universal|Zulu)$/.test(zone)) return "UTC";
  return `${(zone.split("/").pop() || zone).replace(/_/g, " ")} time`;
}

/**
 * "Thu 10 Dec, 7:30 am" (a start) or "Thu 10 Dec, 7:30–9 am" (a start and an
 * end) on the clocks of `zone`, followed by "(London time)". Built from
 * numeric parts, so it reads the same whatever the browser's locale data.
 * Null when the zone is unknown here.
 */
export function yourTimeText(start: string, end: string | null, zone: string, zoneLabel: string): string | null {
  try {
    const f = new Intl.DateTimeFormat("en-AU", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric" });
    const wall = (iso: string) => {
      const p: Record<string, number> = {};
      f.formatToParts(new Date(iso)).forEach((x) => {
        p[x.type] = Number(x.value);
      });
      return { y: p.year as number, m: p.month as number, d: p.day as number, h: (p.hour as number) % 24, min: p.minute as number };
    };
    const clock = (h: number, min: number) => [(h % 12 || 12) + (min ? `:${min < 10 ? "0" : ""}${min}` : ""), h < 12 ? "am" : "pm"];
    const a = wall(start);
    if (!(a.y > 0)) return null;
    const weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][new Date(Date.UTC(a.y, a.m - 1, a.d)).getUTCDay()];
    const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][a.m - 1];
    const [at, as] = clock(a.h, a.min);
    let time = `${at} ${as}`;
    if (end) {
      const b = wall(end);
      const [bt, bs] = clock(b.h, b.min);
      time = as === bs ? `${at}–${bt} ${bs}` : `${at} ${as}–${bt} ${bs}`;
    }
    return `${weekday} ${a.d} ${month}, ${time} (${zoneLabel})`;
  } catch {
    return null;
  }
}

/**
 * In the browser: every "your time" on the page in the browser's zone, the
 * sentence saying which zone that is, and the zone choice set to it.
 */
export function showYourTimes(format: typeof yourTimeText, nameOf: typeof nameOfZone, names: Record<string, string>): void {
  let zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch {
    return;
  }
  if (!zone) return;
  const label = nameOf(zone, names);
  document.querySelectorAll("[data-your-time]").forEach((el) => {
    const text = format(el.getAttribute("data-start") || "", el.getAttribute("data-end"), zone, label);
    if (text) el.textContent = text;
  });
  document.querySelectorAll("[data-your-zone]").forEach((el) => {
    el.textContent = (el.getAttribute("data-your-zone") || "").replace("{zone}", label);
  });
  document.querySelectorAll("select[data-zone-select]").forEach((el) => {
    const select = el as HTMLSelectElement;
    const known = Array.prototype.some.call(select.options, (o: HTMLOptionElement) => o.value === zone);
    if (!known) select.add(new Option(label, zone));
    select.value = zone;
  });
}

/** The inline script: the functions above, called with the zone names the server knows. */
export function yourTimeScript(names: Record<string, string>): string {
  // JSON inside a <script>: "<" escaped so that no "</script>" can end it early.
  const data = JSON.stringify(names).replace(/</g, "\\u003c");
  // No string in these functions spans lines, so indentation can go.
  const source = (f: (...args: never[]) => unknown) => f.toString().replace(/\n\s+/g, "\n");
  return `(${source(showYourTimes)})(${source(yourTimeText)},${source(nameOfZone)},${data});`;
}
