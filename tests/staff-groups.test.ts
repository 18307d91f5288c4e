/**
 * Staff's groups against the production server (build/) with a real SMTP
 * server, in Chromium with JavaScript on and off, signed in as the demo staff
 * account (demo.staff@example.org):
 *
 * - a group made at /staff/groups/new with only the contract fields (name,
 *   web address, a postcode, country, format, status forming, places, time
 *   zone and the rhythm) where people wait (confirmed sign-ups on the waiting
 *   list, put straight into the SQLite file) is stored as typed and emails
 *   nobody while forming; opening it from its page's status form emails each
 *   waiting person it suits exactly once (counted at the SMTP server once the
 *   outbox has drained), nobody far away, unconfirmed or unsubscribed, and
 *   opening it again sends nothing more; the list shows its row with
 *   data-group-slug and data-status; its timeline lists what happened
 *   (added, each status change), newest first;
 * - closing a group with open requests (asked for over HTTP as visitors do)
 *   tells each applicant exactly once ("… has closed") and declines each
 *   request with the reason group_closed; closing again tells nobody again;
 * - a convenor added by address gets the invitation email once, and is removed;
 * - keyboard only (Tab, Space, Enter, arrow keys): a group made and opened;
 * - axe (WCAG 2.2 AA) with JavaScript on and off and no sideways scrolling at
 *   390 px on the list, the new group form, a group's page and their error states.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it, type ExpectStatic } from "vitest";
import convenorCopy from "../content/convenor.json";
import staffCopy from "../content/staff.json";
import { askToJoin, Client, DEMO, signIn } from "./support/back-office";
import { andWait, openSession, tabTo, type Session } from "./support/browser";
import { mailTo, outboxDrained, type Mail } from "./support/inbox";
import { useMailSite } from "./support/mail-site";
import { axeViolations, widthsAt390 } from "./support/a11y";

const site = useMailSite({ STAFF_EMAIL: "staff@anzpop.example" });

const MODES = [
  { mode: "JavaScript on", js: true },
  { mode: "JavaScript off", js: false },
] as const;
const gc = staffCopy.groupForm;
const gp = staffCopy.groupPage;
/** The timeline's titles for group events (content/convenor.json). */
const tl = convenorCopy.timeline as Record<string, string>;
const fill = (template: string, vars: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));

let staff: Client;

beforeAll(async () => {
  staff = await signIn(site, DEMO.staff);
}, 60_000);

// --- Browsers ---------------------------------------------------------------------------

type OnTestFinished = Parameters<typeof openSession>[1]["onTestFinished"];

/** A Chromium page signed in as staff. `forAxe` with `js: false`: JavaScript on for axe, the app's own scripts blocked. */
async function staffSession(onTestFinished: OnTestFinished, js: boolean, forAxe = false): Promise<Session> {
  return openSession(site.browser, { js: forAxe ? true : js, blockScripts: forAxe && !js, onTestFinished, baseURL: site.base, cookie: staff.cookie });
}

const notice = (page: Page) => page.locator("main .notification").innerText();

/** axe at 1024 px, then no sideways scrolling at 390 px. */
async function checkPage(page: Page, label: string, expect: ExpectStatic) {
  expect.soft(await axeViolations(page), `axe on ${label}`).toEqual([]);
  const widths = await widthsAt390(page);
  expect.soft(widths.scrollWidth, `sideways scroll at 390 px on ${label}: ${JSON.stringify(widths)}`).toBeLessThanOrEqual(widths.clientWidth);
}

// --- Places, people waiting, groups --------------------------------------------------------

/** Postcode areas (db/gazetteer-data/places.tsv): where the groups of these tests meet. */
const PLACES = {
  bendigo: { postcode: "3550", areaId: "au-postcode-3550", label: "3550 Bendigo area", suburb: "Bendigo", region: "VIC", lat: -36.760731, lon: 144.284383, timeZone: "Australia/Melbourne" },
  toowoomba: { postcode: "4350", areaId: "au-postcode-4350", label: "4350 Toowoomba area", suburb: "Toowoomba", region: "QLD", lat: -27.566266, lon: 151.926115, timeZone: "Australia/Brisbane" },
  wagga: { postcode: "2650", areaId: "au-postcode-2650", label: "2650 Wagga Wagga area", suburb: "Wagga Wagga", region: "NSW", lat: -35.118379, lon: 147.357401, timeZone: "Australia/Sydney" },
  dubbo: { postcode: "2830", areaId: "au-postcode-2830", label: "2830 Dubbo area", suburb: "Dubbo", region: "NSW", lat: -32.230065, lon: 148.627582, timeZone: "Australia/Sydney" },
  orange: { postcode: "2800", areaId: "au-postcode-2800", label: "2800 Orange area", suburb: "Orange", region: "NSW", lat: -33.285838, lon: 149.074926, timeZone: "Australia/Sydney" },
  tamworth: { postcode: "2340", areaId: "au-postcode-2340", label: "2340 Tamworth area", suburb: "Tamworth", region: "NSW", lat: -31.142077, lon: 150.921936, timeZone: "Australia/Sydney" },
  launceston: { postcode: "7250", areaId: "au-postcode-7250", label: "7250 Launceston area", suburb: "Launceston", region: "TAS", lat: -41.450882, lon: 147.142454, timeZone: "Australia/Hobart" },
  darwin: { postcode: "0800", areaId: "au-postcode-0800", label: "0800 Darwin area", suburb: "Darwin", region: "NT", lat: -12.425981, lon: 130.806671, timeZone: "Australia/Darwin" },
  cairns: { postcode: "4870", areaId: "au-postcode-4870", label: "4870 Cairns area", suburb: "Cairns", region: "QLD", lat: -16.917724, lon: 145.739385, timeZone: "Australia/Brisbane" },
} as const;
type Place = (typeof PLACES)[keyof typeof PLACES];

let made = 0;
/** A sign-up on the waiting list `dx` km east of a place, as db/queries/newsletter.ts stores it; confirmed unless told. */
function waiting(at: Place, tag: string, { dx = 0, confirmed = true, unsubscribed = false } = {}) {
  const email = `waiting-${tag}-${++made}@example.com`;
  const lon = at.lon + dx / (111.195 * Math.cos((at.lat * Math.PI) / 180));
  site.db
    .prepare(
      `INSERT INTO newsletter_signups (email, interests, country, place, area_id, lat, lon, distance_km, accepts_online, outcome, reasons, confirmed_at, unsubscribed_at, waiting_since)
       VALUES (?, '["new_groups"]', 'AU', ?, ?, ?, ?, 25, 0, 'newsletter', '["no_group_nearby"]', ?, ?, '2026-01-02T00:00:00.000Z')`,
    )
    .run(email, at.label, at.areaId, at.lat, lon, confirmed ? "2026-01-01T00:00:00.000Z" : null, unsubscribed ? "2026-01-03T00:00:00.000Z" : null);
  return email;
}

interface GroupRow {
  id: number;
  slug: string;
  name: string;
  status: string;
  format: string;
  capacity: number;
  country: string;
  region: string;
  suburb: string;
  lat: number | null;
  lon: number | null;
  timeZone: string;
  rhythm: string;
  convenorFirstName: string;
}
const groupRow = (slug: string) =>
  site.db
    .prepare(
      "SELECT id, slug, name, status, format, capacity, country, region, suburb, lat, lon, time_zone AS timeZone, rhythm, convenor_first_name AS convenorFirstName FROM groups WHERE slug = ?",
    )
    .get(slug) as GroupRow | undefined;


/** Everything each address has received, once the outbox has drained (so everything it will receive). */
async function receivedBy(addresses: string[]): Promise<Record<string, string[]>> {
  await outboxDrained(site.db);
  return Object.fromEntries(addresses.map((a) => [a, mailTo(site.smtp, a).map((m) => m.subject)]));
}

/** The contract fields of a new group, as staff type them. */
interface NewGroup {
  name: string;
  slug: string;
  place: Place;
  capacity: string;
  weekday: string;
  week: string;
  start: string;
  end: string;
}

const newGroup = (tag: string, place: Place): NewGroup => ({
  name: `${place.suburb} Practice Circle ${tag}`,
  slug: `${place.suburb.toLowerCase().replace(/\s+/g, "-")}-circle-${tag}`,
  place,
  capacity: "10",
  weekday: "3",
  week: "2",
  start: "18:30",
  end: "20:30",
});

/** The same group over HTTP (for tests about what happens later), with its status. */
async function makeGroup(g: NewGroup, status: "forming" | "open" = "forming"): Promise<GroupRow> {
  const res = await staff.post("/staff/groups/new", {
    name: g.name,
    slug: g.slug,
    place: g.place.postcode,
    country: "AU",
    format: "in_person",
    status,
    capacity: g.capacity,
    timeZone: g.place.timeZone,
    frequency: "monthly",
    weekday: g.weekday,
    week: g.week,
    start: g.start,
    end: g.end,
  });
  expect(res.headers.get("location")).toBe(`/staff/groups/${g.slug}?done=created`);
  return groupRow(g.slug)!;
}

/** Fills in /staff/groups/new with the contract fields only, by their labels. */
async function fillNewGroup(page: Page, g: NewGroup) {
  const f = gc.fields;
  const o = gc.options;
  await page.getByLabel(f.name.label, { exact: true }).fill(g.name);
  await page.getByLabel(f.slug.label, { exact: true }).fill(g.slug);
  await page.getByRole("radio", { name: o.country.AU, exact: true }).check();
  await page.getByLabel(f.place.label, { exact: true }).fill(g.place.postcode);
  await page.getByRole("radio", { name: o.format.in_person, exact: true }).check();
  await page.getByRole("radio", { name: o.status.forming, exact: true }).check();
  await page.getByLabel(f.capacity.label, { exact: true }).fill(g.capacity);
  await page.getByLabel(f.timeZone.label, { exact: true }).selectOption(g.place.timeZone);
  await page.getByRole("radio", { name: o.frequency.monthly, exact: true }).check();
  await page.getByLabel(f.weekday.label, { exact: true }).selectOption(g.weekday);
  await page.getByLabel(f.week.label, { exact: true }).selectOption(g.week);
  await page.getByLabel(f.start.label, { exact: true }).fill(g.start);
  await page.getByLabel(f.end.label, { exact: true }).fill(g.end);
}

/** The group as stored: exactly what was typed, forming, at the postcode's place. */
function expectStoredAsTyped(g: NewGroup, status = "forming") {
  const row = groupRow(g.slug)!;
  expect(row).toMatchObject({
    name: g.name,
    slug: g.slug,
    status,
    format: "in_person",
    capacity: Number(g.capacity),
    country: "AU",
    region: g.place.region,
    timeZone: g.place.timeZone,
  });
  expect(row.suburb).toContain(g.place.suburb);
  expect(row.lat).toBeCloseTo(g.place.lat, 3);
  expect(row.lon).toBeCloseTo(g.place.lon, 3);
  expect(JSON.parse(row.rhythm)).toEqual({ frequency: "monthly", weekday: Number(g.weekday), week: Number(g.week), start: g.start, end: g.end });
  return row;
}

/** Chooses a status in the group page's status form and presses its button; waits for the page to say so. */
async function changeStatus(s: Session, slug: string, to: string, from: string) {
  const form = s.page.locator("main form").filter({ has: s.page.getByLabel(gp.statusLabel, { exact: true }) });
  await form.getByLabel(gp.statusLabel, { exact: true }).selectOption(to);
  await andWait(
    s,
    () => form.getByRole("button", { name: gp.statusButton }).click(),
    (u) => u.pathname === `/staff/groups/${slug}` && u.searchParams.get("done") === "status" && u.searchParams.get("from") === from,
  );
  await expect.poll(() => s.page.locator("main").getAttribute("data-status")).toBe(to);
}

const timeline = (page: Page) => page.locator("main ol.timeline .timeline__title").allInnerTexts();

// --- Making and opening a group --------------------------------------------------------------

describe.each(MODES)("making and opening a group, $mode", ({ js }) => {
  const where = js ? PLACES.bendigo : PLACES.toowoomba;
  const tag = js ? "js" : "nojs";

  it("stores only what was typed, emails nobody while forming, and opening emails each waiting person it suits exactly once", async ({ onTestFinished }) => {
    const near = [waiting(where, `near-${tag}`, { dx: -3 }), waiting(where, `near-${tag}`, { dx: 1 }), waiting(where, `near-${tag}`, { dx: 6 })];
    const far = waiting(PLACES.cairns, `far-${tag}`);
    const unconfirmed = waiting(where, `unconfirmed-${tag}`, { confirmed: false });
    const unsubscribed = waiting(where, `unsubscribed-${tag}`, { unsubscribed: true });
    const everyone = [...near, far, unconfirmed, unsubscribed];
    const g = newGroup(tag, where);

    const s = await staffSession(onTestFinished, js);
    const { page, wizard: w } = s;
    await w.goto("/staff/groups");
    await andWait(s, () => page.getByRole("link", { name: staffCopy.groups.add }).click(), (u) => u.pathname === "/staff/groups/new");
    expect(await page.locator("main h1").innerText()).toBe(gc.newTitle);
    await fillNewGroup(page, g);
    await andWait(
      s,
      () => page.getByRole("button", { name: gc.createButton }).click(),
      (u) => u.pathname === `/staff/groups/${g.slug}` && u.searchParams.get("done") === "created",
    );
    expect(await notice(page)).toContain(gc.created);
    expect(await page.locator("main").getAttribute("data-status")).toBe("forming");
    const row = expectStoredAsTyped(g);
    // Nothing else was asked for: the defaults. Join requests reach ANZPOP staff until it has a convenor.
    expect(row.convenorFirstName).toBe("the convenor");
    expect(site.db.prepare("SELECT convenor_email AS e FROM groups WHERE slug = ?").get(g.slug)).toEqual({ e: "staff@anzpop.example" });

    // Forming: no one is told yet.
    expect(await receivedBy(everyone)).toEqual(Object.fromEntries(everyone.map((e) => [e, []])));

    // Open it from its page.
    await changeStatus(s, g.slug, "open", "forming");
    expect(await notice(page)).toBe(
      fill(gp.statusChanged, { from: gc.options.status.forming, to: gc.options.status.open, effects: fill(gp.effectsOpen, { count: near.length }) }),
    );
    expect(groupRow(g.slug)!.status).toBe("open");
    const subject = `A group has opened near you: ${g.name}`;
    const first = await receivedBy(everyone);
    expect(first).toEqual({ ...Object.fromEntries(near.map((e) => [e, [subject]])), [far]: [], [unconfirmed]: [], [unsubscribed]: [] });
    for (const e of near) {
      const [mail] = mailTo(site.smtp, e) as [Mail];
      expect(mail.text).toContain(`${g.name} is now open`);
      expect(mail.text).toMatch(new RegExp(`Where it meets: ${g.place.suburb}.*, ${g.place.region}, about \\d+ km from ${g.place.label}`));
      expect(mail.header("list-unsubscribe")).toBeTruthy();
    }

    // Opening again, and again after going back to forming: nothing more is sent.
    await changeStatus(s, g.slug, "open", "open");
    expect(await notice(page)).toBe(fill(gp.statusChanged, { from: gc.options.status.open, to: gc.options.status.open, effects: gp.effectsNone }));
    await changeStatus(s, g.slug, "forming", "open");
    await changeStatus(s, g.slug, "open", "forming");
    expect(await notice(page)).toContain(gp.effectsNone);
    expect(await receivedBy(everyone)).toEqual(first);

    // The timeline: made, then each status change, newest first.
    expect(await timeline(page)).toEqual([tl["group.status_changed"], tl["group.status_changed"], tl["group.status_changed"], tl["group.status_changed"], tl["group.created"]]);
    // The log keeps the account's id and role; its address is the account's own, joined in (as the audit page does).
    const audit = site.db.prepare("SELECT action, coalesce(u.email, a.actor) AS actor, detail FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id WHERE group_id = ? ORDER BY a.id").all(row.id) as { action: string; actor: string; detail: string }[];
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ["group.created", DEMO.staff],
      ["group.status_changed", DEMO.staff],
      ["group.status_changed", DEMO.staff],
      ["group.status_changed", DEMO.staff],
      ["group.status_changed", DEMO.staff],
    ]);
    expect(JSON.parse(audit[1]!.detail)).toMatchObject({ from: "forming", to: "open", notified: 3, told: 0 });

    // The list shows it, open, and links to its page; filtered by status, still there.
    await w.goto("/staff/groups");
    const listed = page.locator(`main tr[data-group-slug="${g.slug}"]`);
    expect(await listed.getAttribute("data-status")).toBe("open");
    expect(await listed.getByRole("link", { name: g.name }).getAttribute("href")).toBe(`/staff/groups/${g.slug}`);
    await page.getByLabel(staffCopy.groups.status, { exact: true }).selectOption("forming");
    await andWait(s, () => page.getByRole("button", { name: staffCopy.groups.apply }).click(), (u) => u.searchParams.get("status") === "forming");
    expect(await page.locator(`main tr[data-group-slug="${g.slug}"]`).count()).toBe(0);
    for (const status of await page.locator("main tr[data-group-slug]").evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-status")))) expect(status).toBe("forming");
    await page.getByLabel(staffCopy.groups.status, { exact: true }).selectOption("open");
    await andWait(s, () => page.getByRole("button", { name: staffCopy.groups.apply }).click(), (u) => u.searchParams.get("status") === "open");
    expect(await page.locator(`main tr[data-group-slug="${g.slug}"]`).getAttribute("data-status")).toBe("open");
  });

  it("closing a group with open requests tells each applicant once and declines their requests as group_closed", async ({ onTestFinished }) => {
    const place = js ? PLACES.wagga : PLACES.dubbo;
    const g = await makeGroup(newGroup(`closing-${tag}`, place), "open");
    const location = { country: "AU", place: place.postcode, format: "in_person", distanceKm: "25" };
    const applicants = [1, 2].map((n) => ({ name: `Closing Applicant ${tag} ${n}`, email: `closing-${tag}-${n}@example.com`, note: "" }));
    const ids: number[] = [];
    for (const a of applicants) ids.push(await askToJoin(site, g.slug, a, location));
    const emails = applicants.map((a) => a.email);
    const receipt = `Your request to join ${g.name}`;
    expect(await receivedBy(emails)).toEqual(Object.fromEntries(emails.map((e) => [e, [receipt]])));

    const s = await staffSession(onTestFinished, js);
    await s.wizard.goto(`/staff/groups/${g.slug}`);
    await changeStatus(s, g.slug, "closed", "open");
    expect(await notice(s.page)).toBe(
      fill(gp.statusChanged, { from: gc.options.status.open, to: gc.options.status.closed, effects: fill(gp.effectsClosed, { count: 2 }) }),
    );
    const statuses = () => site.db.prepare(`SELECT status, decline_reason AS reason FROM join_requests WHERE id IN (${ids.join(",")}) ORDER BY id`).all();
    expect(statuses()).toEqual([
      { status: "declined", reason: "group_closed" },
      { status: "declined", reason: "group_closed" },
    ]);
    const closed = `${g.name} has closed`;
    const told = await receivedBy(emails);
    expect(told).toEqual(Object.fromEntries(emails.map((e) => [e, [receipt, closed]])));
    for (const [i, a] of applicants.entries()) {
      const mail = mailTo(site.smtp, a.email).find((m) => m.subject === closed)!;
      expect(mail.text).toContain(`Hello ${a.name},`);
      expect(mail.text).toContain(`You asked to join ${g.name}.`);
      // Each request's timeline says it was declined, by staff.
      expect(site.db.prepare("SELECT action, u.email AS actor FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id WHERE subject_type = 'join_request' AND subject_id = ? AND action = 'request.declined'").all(ids[i])).toEqual([
        { action: "request.declined", actor: DEMO.staff },
      ]);
    }

    // Closing it again (the form still says closed): nobody is told again.
    await changeStatus(s, g.slug, "closed", "closed");
    expect(await notice(s.page)).toContain(gp.effectsNone);
    expect(await receivedBy(emails)).toEqual(told);
    expect(statuses()).toHaveLength(2);
    await s.wizard.goto("/staff/groups?status=closed");
    expect(await s.page.locator(`main tr[data-group-slug="${g.slug}"]`).getAttribute("data-status")).toBe("closed");
  });

  it("adds a convenor by address, who is invited once, and removes them", async ({ onTestFinished }) => {
    const g = await makeGroup(newGroup(`convenors-${tag}`, js ? PLACES.orange : PLACES.tamworth));
    const convenor = `new-convenor-${tag}@example.org`;
    const s = await staffSession(onTestFinished, js);
    const { page } = s;
    await s.wizard.goto(`/staff/groups/${g.slug}`);
    expect(await page.locator("main").innerText()).toContain(gp.convenorsNone);
    const addForm = page.locator("main form").filter({ has: page.getByLabel(gp.addConvenor, { exact: true }) });

    // Not an address: the error next to the field, nothing added.
    await addForm.getByLabel(gp.addConvenor, { exact: true }).fill("not an address");
    await s.wizard.markStale();
    await addForm.getByRole("button", { name: gp.addConvenorButton }).click();
    await page.locator("main #field-email .error-message").waitFor();
    expect(await page.locator("main #field-email .error-message").innerText()).toContain(gc.errors.invalid);
    expect(site.db.prepare("SELECT count(*) AS n FROM group_convenors WHERE group_id = ?").get(g.id)).toEqual({ n: 0 });

    await addForm.getByLabel(gp.addConvenor, { exact: true }).fill(convenor);
    await andWait(s, () => addForm.getByRole("button", { name: gp.addConvenorButton }).click(), (u) => u.searchParams.get("done") === "convenor-added");
    expect(await notice(page)).toBe(fill(gp.convenorAdded, { email: convenor }));
    const removeButton = page.getByRole("button", { name: fill(gp.removeConvenor, { email: convenor }) });
    expect(await removeButton.count()).toBe(1);
    const account = site.db.prepare("SELECT id, role FROM users WHERE email = ?").get(convenor) as { id: number; role: string };
    expect(account.role).toBe("convenor");
    expect(site.db.prepare("SELECT user_id AS userId FROM group_convenors WHERE group_id = ?").all(g.id)).toEqual([{ userId: account.id }]);
    const invite = `You are now a convenor of ${g.name} on the PWCOP website`;
    expect(await receivedBy([convenor])).toEqual({ [convenor]: [invite] });
    const [mail] = mailTo(site.smtp, convenor) as [Mail];
    expect(mail.text).toContain(`${site.appUrl}/sign-in`);
    expect(mail.text).toContain(`${site.appUrl}/convenor/groups/${g.slug}`);

    // Added again: still one convenor, no second invitation.
    expect((await staff.post(`/staff/groups/${g.slug}`, { intent: "add-convenor", email: convenor })).status).toBe(303);
    expect(site.db.prepare("SELECT count(*) AS n FROM group_convenors WHERE group_id = ?").get(g.id)).toEqual({ n: 1 });

    await andWait(s, () => removeButton.click(), (u) => u.searchParams.get("done") === "convenor-removed");
    expect(await notice(page)).toBe(fill(gp.convenorRemoved, { email: convenor }));
    expect(await page.getByRole("button", { name: fill(gp.removeConvenor, { email: convenor }) }).count()).toBe(0);
    expect(await page.locator("main").innerText()).toContain(gp.convenorsNone);
    expect(site.db.prepare("SELECT count(*) AS n FROM group_convenors WHERE group_id = ?").get(g.id)).toEqual({ n: 0 });
    // The account stays (it may convene other groups); it was invited once.
    expect(site.db.prepare("SELECT role FROM users WHERE email = ?").get(convenor)).toEqual({ role: "convenor" });
    expect(await receivedBy([convenor])).toEqual({ [convenor]: [invite] });
    expect(site.db.prepare("SELECT action FROM audit_log WHERE group_id = ? ORDER BY id").all(g.id)).toEqual([
      { action: "group.created" },
      { action: "convenor_added" },
      { action: "convenor_removed" },
    ]);
    expect(await timeline(page)).toEqual([tl.convenor_removed, tl.convenor_added, tl["group.created"]]);
  });

  it("keyboard only: makes a group and opens it", async ({ onTestFinished }) => {
    const place = js ? PLACES.launceston : PLACES.darwin;
    const g = { ...newGroup(`keys-${tag}`, place), weekday: "3", week: "1", start: "19:00", end: "21:00", capacity: "12" };
    const s = await staffSession(onTestFinished, js);
    const { page } = s;
    await s.wizard.goto("/staff/groups");
    // From the list: Tab to "Add a group", Enter.
    await tabTo(page, 'main a[href="/staff/groups/new"]', { max: 80 });
    await andWait(s, () => page.keyboard.press("Enter"), (u) => u.pathname === "/staff/groups/new");

    const type = async (selector: string, text: string) => {
      await tabTo(page, selector, { max: 80 });
      expect(await page.locator(selector).inputValue()).toBe("");
      await page.keyboard.type(text);
    };
    await type("#field-name-input", g.name);
    await type("#field-slug-input", g.slug);
    await type("#field-place-input", place.postcode);
    // The time zone: arrow keys in the select until it is the place's.
    await tabTo(page, "#field-timeZone-input", { max: 80 });
    const zone = page.locator("#field-timeZone-input");
    const zones = await zone.locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    const steps = zones.indexOf(place.timeZone) - zones.indexOf(await zone.inputValue());
    for (let i = 0; i < Math.abs(steps); i++) await page.keyboard.press(steps > 0 ? "ArrowDown" : "ArrowUp");
    expect(await zone.inputValue()).toBe(place.timeZone);
    // Wednesday rather than the default Tuesday.
    await tabTo(page, "#field-weekday-input", { max: 80 });
    await page.keyboard.press("ArrowDown");
    expect(await page.locator("#field-weekday-input").inputValue()).toBe("3");
    await tabTo(page, "main form button[type=submit]", { max: 80 });
    await andWait(s, () => page.keyboard.press("Enter"), (u) => u.pathname === `/staff/groups/${g.slug}` && u.searchParams.get("done") === "created");
    expectStoredAsTyped(g);

    // Open it: Tab to the status select, arrow down to Open, Tab to the button, Space.
    await tabTo(page, "#field-status-input", { max: 80 });
    expect(await page.locator("#field-status-input").inputValue()).toBe("forming");
    await page.keyboard.press("ArrowDown");
    expect(await page.locator("#field-status-input").inputValue()).toBe("open");
    await tabTo(page, "main form:has(#field-status-input) button[type=submit]", { max: 10 });
    await andWait(s, () => page.keyboard.press("Space"), (u) => u.searchParams.get("done") === "status" && u.searchParams.get("from") === "forming");
    expect(groupRow(g.slug)!.status).toBe("open");
    expect(await notice(page)).toContain(fill(gp.statusChanged, { from: gc.options.status.forming, to: gc.options.status.open, effects: "" }).trim());
  });
});

// --- Accessibility ---------------------------------------------------------------------------

describe.each(MODES)("axe and 390 px, $mode", ({ js }) => {
  it("/staff/groups, /staff/groups/new, a group's page and their error states", async ({ onTestFinished, expect }) => {
    const tag = js ? "a11y-js" : "a11y-nojs";
    const g = await makeGroup(newGroup(tag, PLACES.bendigo));
    await staff.post(`/staff/groups/${g.slug}`, { intent: "add-convenor", email: `convenor-${tag}@example.org` });
    const s = await staffSession(onTestFinished, js, true);
    const { page, wizard: w } = s;

    await w.goto("/staff/groups");
    await checkPage(page, "/staff/groups", expect);
    await w.goto("/staff/groups?status=full&region=TAS");
    expect(await page.locator("main").innerText()).toContain(staffCopy.groups.none);
    await checkPage(page, "/staff/groups with nothing matching", expect);
    await w.goto("/staff/groups?sort=members&dir=desc");
    expect(await page.locator('main th[aria-sort="descending"]').count()).toBe(1);
    await checkPage(page, "/staff/groups sorted", expect);

    await w.goto("/staff/groups/new");
    await checkPage(page, "/staff/groups/new", expect);
    // The form sent as it comes, with nothing typed: its name and place are needed.
    await w.markStale();
    await page.getByRole("button", { name: gc.createButton }).click();
    if (!js) await page.locator("main:not([data-e2e-stale])").waitFor();
    await page.locator(".error-summary").waitFor();
    await expect.poll(() => page.locator(".error-summary li").allInnerTexts()).toEqual([gc.errors.required, gc.errors.place_needed]);
    await checkPage(page, "/staff/groups/new with an empty form", expect);
    // A place that is not one, and times the wrong way round.
    await page.getByLabel(gc.fields.name.label, { exact: true }).fill("Nowhere Group");
    await page.getByLabel(gc.fields.place.label, { exact: true }).fill("Zzyzx Qwerty");
    await page.getByLabel(gc.fields.start.label, { exact: true }).fill("21:00");
    await page.getByLabel(gc.fields.end.label, { exact: true }).fill("20:00");
    await w.markStale();
    await page.getByRole("button", { name: gc.createButton }).click();
    if (!js) await page.locator("main:not([data-e2e-stale])").waitFor();
    await expect.poll(() => page.locator(".error-summary li").allInnerTexts()).toEqual([gc.errors.end_before_start]);
    await page.getByLabel(gc.fields.start.label, { exact: true }).fill("19:00");
    await page.getByLabel(gc.fields.end.label, { exact: true }).fill("21:00");
    await w.markStale();
    await page.getByRole("button", { name: gc.createButton }).click();
    await expect.poll(() => page.locator(".error-summary li").allInnerTexts()).toEqual([gc.errors.place_unknown]);
    await checkPage(page, "/staff/groups/new with a place that is not one", expect);
    expect(site.db.prepare("SELECT count(*) AS n FROM groups WHERE name = 'Nowhere Group'").get()).toEqual({ n: 0 });

    await w.goto(`/staff/groups/${g.slug}`);
    await checkPage(page, "a group's staff page", expect);
    // A convenor address that is not one.
    const addForm = page.locator("main form").filter({ has: page.getByLabel(gp.addConvenor, { exact: true }) });
    await addForm.getByLabel(gp.addConvenor, { exact: true }).fill("nobody at example");
    await w.markStale();
    await addForm.getByRole("button", { name: gp.addConvenorButton }).click();
    await page.locator("main #field-email .error-message").waitFor();
    await checkPage(page, "a group's staff page, adding a convenor with no address", expect);
    // Details with errors.
    await w.goto(`/staff/groups/${g.slug}`);
    const details = page.locator("main form").filter({ has: page.getByRole("button", { name: gc.saveButton }) });
    await details.getByLabel(gc.fields.capacity.label, { exact: true }).fill("1000");
    await details.getByLabel(gc.fields.name.label, { exact: true }).fill("");
    await w.markStale();
    await details.getByRole("button", { name: gc.saveButton }).click();
    if (!js) await page.locator("main:not([data-e2e-stale])").waitFor();
    await expect.poll(() => page.locator(".error-summary li").allInnerTexts()).toEqual([gc.errors.required, gc.errors.capacity]);
    await checkPage(page, "a group's staff page, details with errors", expect);
    // After a change: the notice.
    await w.goto(`/staff/groups/${g.slug}?done=status&from=forming&notified=3&told=0`);
    await checkPage(page, "a group's staff page with a notice", expect);
  });
});
