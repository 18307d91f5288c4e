import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type DB } from "../../db/client";
import { migrate } from "../../db/migrate";
import { getGroupBySlug } from "../../db/queries/groups";
import { confirmedSubscribers, getSubscriber, unsubscribeNewsletter, type NewsletterSignup } from "../../db/queries/newsletter";
import { listOutbox, type OutboxRow } from "../../db/queries/outbox";
import { seedDemoData } from "../../db/seed";
import type { Services } from "../context";
import { parseEnv } from "../utils/env.server";
import { createLogger } from "../utils/logger.server";
import { confirmSignup, MAX_CONFIRMATIONS_PER_DAY, requestSignup, unsubscribeUrl } from "./subscription.server";
import { setGroupStatusAndNotify } from "./waiting-list.server";

let db: DB;
let services: Services;
const NOW = new Date("2026-05-01T00:00:00.000Z");
const DAY = 24 * 60 * 60 * 1000;

beforeEach(() => {
  db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "pwcop-subscription-")), "t.db"));
  migrate(db);
  seedDemoData(db);
  services = { db, env: parseEnv({ APP_URL: "https://pwcop.example" }), logger: createLogger("silent"), secrets: ["a-test-secret-that-is-long-enough"] };
});

const christchurch: NewsletterSignup = {
  email: "kiri@example.com",
  interests: ["new_groups"],
  country: "NZ",
  place: "Christchurch Central, Canterbury 8011",
  areaId: "nz-8011",
  lat: -43.531,
  lon: 172.637,
  distanceKm: 25,
  acceptsOnline: false,
  outcome: "newsletter",
  reasons: ["no_group_nearby"],
  ruleVersion: "t",
};

const linkIn = (m: OutboxRow, pathname: string) => {
  const found = m.text.match(/https?:\/\/\S+/g)?.find((u) => new URL(u).pathname === pathname);
  if (!found) throw new Error(`no ${pathname} link in ${m.kind}`);
  return found;
};
const tokenOf = (url: string) => new URL(url).searchParams.get("t");
const outbox = (kind: string) => listOutbox(db).filter((m) => m.kind === kind);

describe("newsletter double opt-in", () => {
  it("stores the sign-up and queues the confirmation email together, with one-click unsubscribe", () => {
    const { signupId, queued } = requestSignup(services, christchurch, NOW);
    expect(queued).toBe(true);
    const [m] = outbox("newsletter.confirm");
    expect(m).toMatchObject({ to: "kiri@example.com", subject: "Confirm your sign-up to ANZPOP news" });
    const unsub = unsubscribeUrl(services, signupId);
    expect(m!.headers).toEqual({ "List-Unsubscribe": `<${unsub}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
    expect(m!.text).toContain(unsub);
    expect(m!.html).not.toMatch(/<img/i);
    expect(linkIn(m!, "/newsletter/confirm")).toMatch(/^https:\/\/pwcop\.example\/newsletter\/confirm\?t=/);
  });

  it("confirms once; a reused, tampered or expired link changes nothing", () => {
    const { signupId } = requestSignup(services, christchurch, NOW);
    const t = tokenOf(linkIn(outbox("newsletter.confirm")[0]!, "/newsletter/confirm"))!;
    expect(confirmSignup(db, services.secrets, `${t.slice(0, -2)}xx`, NOW)).toBe("invalid");
    expect(confirmSignup(db, services.secrets, t, new Date(NOW.getTime() + 8 * DAY))).toBe("expired");
    expect(getSubscriber(db, signupId)?.confirmedAt).toBeNull();
    expect(confirmSignup(db, services.secrets, t, new Date(NOW.getTime() + DAY))).toBe("confirmed");
    expect(confirmSignup(db, services.secrets, t, new Date(NOW.getTime() + DAY))).toBe("used");
    expect(confirmedSubscribers(db).map((s) => s.id)).toEqual([signupId]);
  });

  it("sends at most a few confirmation emails a day to one address", () => {
    for (let i = 0; i < MAX_CONFIRMATIONS_PER_DAY + 2; i++) requestSignup(services, christchurch, NOW);
    expect(outbox("newsletter.confirm")).toHaveLength(MAX_CONFIRMATIONS_PER_DAY);
  });
});

describe("waiting list: a group opens", () => {
  function confirmed(s: NewsletterSignup) {
    const { signupId } = requestSignup(services, s, NOW);
    const m = outbox("newsletter.confirm")[0]!; // newest first
    expect(confirmSignup(db, services.secrets, tokenOf(linkIn(m, "/newsletter/confirm")), NOW)).toBe("confirmed");
    return signupId;
  }

  it("emails each suited, confirmed person exactly once, however often the group is opened", () => {
    const kiri = confirmed(christchurch);
    requestSignup(services, { ...christchurch, email: "unconfirmed@example.com" }, NOW);
    const online = confirmed({ ...christchurch, email: "abroad@example.com", country: "other", place: null, areaId: null, lat: null, lon: null, distanceKm: null, acceptsOnline: true, reasons: ["outside_region"] });

    expect(setGroupStatusAndNotify(services, "christchurch-central", "open")).toEqual({ found: true, from: "forming", to: "open", notified: 1, alreadyNotified: 0 });
    expect(setGroupStatusAndNotify(services, "christchurch-central", "open")).toMatchObject({ notified: 0, alreadyNotified: 1 });
    setGroupStatusAndNotify(services, "christchurch-central", "forming");
    expect(setGroupStatusAndNotify(services, "christchurch-central", "open")).toMatchObject({ from: "forming", notified: 0, alreadyNotified: 1 });
    expect(getGroupBySlug(db, "christchurch-central")?.status).toBe("open");

    const sent = outbox("newsletter.groupOpen.inPerson");
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: "kiri@example.com", subject: "A group has opened near you: Christchurch" });
    expect(sent[0]!.text).toContain("about 1 km from Christchurch Central, Canterbury 8011");
    expect(sent[0]!.headers["List-Unsubscribe"]).toBe(`<${unsubscribeUrl(services, kiri)}>`);
    expect(outbox("newsletter.groupOpen.online")).toEqual([]);
    void online;
  });

  it("tells people who accept online about a new online group, and nobody who unsubscribed", () => {
    const kiri = confirmed({ ...christchurch, acceptsOnline: true });
    const abroad = confirmed({ ...christchurch, email: "abroad@example.com", country: "other", place: null, areaId: null, lat: null, lon: null, distanceKm: null, acceptsOnline: true, reasons: ["outside_region"] });
    unsubscribeNewsletter(db, kiri, NOW);
    db.prepare("UPDATE groups SET status = 'forming' WHERE slug = 'anz-evenings'").run();
    expect(setGroupStatusAndNotify(services, "anz-evenings", "open")).toMatchObject({ notified: 1 });
    expect(outbox("newsletter.groupOpen.online").map((m) => [m.to, m.subject])).toEqual([["abroad@example.com", "A new online group has opened: ANZ evenings"]]);
    void abroad;
  });

  it("reports an unknown group and changes nothing", () => {
    expect(setGroupStatusAndNotify(services, "nowhere", "open")).toEqual({ found: false, notified: 0, alreadyNotified: 0 });
  });
});
