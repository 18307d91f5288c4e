/**
 * Nobody can turn our mail server on a stranger: 500 requests asking us to
 * email one address, from one client, from 50 client addresses and with
 * address tricks, and what a real SMTP server then receives. Rate limits are
 * on (the default setting), and a proxy on loopback is trusted so that
 * X-Forwarded-For can stand for 50 different clients.
 */
import { describe, expect, it } from "vitest";
import { RECIPIENT_CAPS } from "../app/email/recipient-caps";
import { EMAIL_POSTS_PER_15_MINUTES } from "../app/utils/rate-limit.server";
import { waitFor } from "./support/inbox";
import { useMailSite } from "./support/mail-site";
import { finishWizard, HOBART_GROUPS, postJoin, Visitor, type FormFields } from "./support/wizard-client";

const site = useMailSite({ RATE_LIMIT_POSTS_PER_MINUTE: "120", TRUST_PROXY: "loopback", WEB_CONCURRENCY: "2" });

/** A visitor whose requests all come from `address` (as a trusted proxy would say). */
class ClientAt extends Visitor {
  constructor(
    base: string,
    private readonly address: string,
  ) {
    super(base);
  }
  override async request(method: "GET" | "POST", path: string, fields?: FormFields): Promise<Response> {
    const headers: Record<string, string> = { "X-Forwarded-For": this.address };
    if (this.cookie) headers.cookie = this.cookie;
    let body: URLSearchParams | undefined;
    if (fields) {
      body = new URLSearchParams();
      for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
      headers["content-type"] = "application/x-www-form-urlencoded";
    }
    const res = await fetch(`${this.baseURL}${path}`, { method, body, headers, redirect: "manual" });
    const set = res.headers.get("set-cookie");
    if (set) this.cookie = set.split(";")[0]!;
    return res;
  }
}

/** Waits until the outbox has nothing left to send, then returns what the SMTP server got for `address`, by kind of email. */
async function receivedBy(address: string): Promise<Map<string, number>> {
  await waitFor("the outbox to drain", () => (site.db.prepare("SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'sending')").get() as { n: number }).n === 0, 30_000);
  const subjects = new Map<string, number>();
  for (const m of site.smtp.unique().filter((m) => m.to.some((t) => t.toLowerCase() === address))) {
    const subject = m.subject ?? "";
    subjects.set(subject, (subjects.get(subject) ?? 0) + 1);
  }
  return subjects;
}
const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
const outboxRowsTo = (address: string) => (site.db.prepare("SELECT count(*) AS n FROM outbox WHERE recipient_key = ?").get(address) as { n: number }).n;

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}

/**
 * Rate-limit windows are fixed (a minute for forms and new sessions, 15
 * minutes for email posts): a burst that straddles a window's end is split
 * between two windows and would be counted half in each. Start each burst
 * with at least `needMs` of its window left.
 */
async function awayFromWindowEnd(windowMs: number, needMs: number) {
  const left = windowMs - (Date.now() % windowMs);
  if (left < needMs) await new Promise((r) => setTimeout(r, left + 50));
}

describe("one address asked for 500 times", () => {
  it("from one client: the rate limit stops most, and the address gets at most its cap of save links", async () => {
    const victim = "one-client-victim@example.com";
    await awayFromWindowEnd(15 * 60_000, 20_000);
    const v = new ClientAt(site.base, "198.51.100.1");
    expect((await v.post("/eligibility/experience", { experience: "training_program" })).status).toBe(303);
    const statuses = new Map<number, number>();
    for (let i = 0; i < 500; i++) {
      const res = await v.post("/eligibility/save", { email: victim });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
    // The email tier lets EMAIL_POSTS_PER_15_MINUTES through; the rest are told to wait.
    expect(Object.fromEntries(statuses)).toEqual({ 303: EMAIL_POSTS_PER_15_MINUTES, 429: 500 - EMAIL_POSTS_PER_15_MINUTES });
    const got = await receivedBy(victim);
    expect(total(got)).toBe(RECIPIENT_CAPS["wizard.resume"]!.perHour);
    expect(outboxRowsTo(victim)).toBe(RECIPIENT_CAPS["wizard.resume"]!.perHour);
  });

  it("from 50 client addresses, mixing save links, newsletter sign-ups and join requests: exactly the per-recipient caps arrive", async () => {
    const victim = "many-clients-victim@example.com";
    // Spellings of the same mailbox count as one address.
    const spellings = [victim, victim.toUpperCase(), `  ${victim}  `, "Many-Clients-Victim@Example.COM"];
    const clients = Array.from({ length: 50 }, (_, i) => new ClientAt(site.base, `203.0.113.${i + 1}`));
    const statuses = new Map<number, number>();
    const count = (res: Response) => statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    let asked = 0;
    await inBatches(clients, 10, async (c) => {
      await finishWizard(c);
      // Ten email-sending posts each (the email tier's limit per client): 4 save links, 3 sign-ups, 3 join requests.
      for (let i = 0; i < 4; i++, asked++) count(await c.post("/eligibility/save", { email: spellings[i % spellings.length]! }));
      for (let i = 0; i < 3; i++, asked++) count(await c.post("/newsletter", { email: spellings[i]!, interests: "new_groups" }));
      for (const slug of HOBART_GROUPS) {
        count(await postJoin(c, slug, { name: "Sam Citizen", email: spellings[asked % spellings.length]! }));
        asked++;
      }
    });
    expect(asked).toBe(500);
    // Every request was answered calmly: the same confirmation redirects, nothing refused, nothing broken.
    expect(Object.fromEntries(statuses)).toEqual({ 303: 500 });
    const got = await receivedBy(victim);
    const expected = RECIPIENT_CAPS["wizard.resume"]!.perHour + RECIPIENT_CAPS["newsletter.confirm"]!.perDay + RECIPIENT_CAPS["join.receipt"]!.perHour;
    expect(total(got)).toBe(expected);
    expect(outboxRowsTo(victim)).toBe(expected);
  });

  it("with display names, lists and comments: refused at the field, and not one email goes anywhere", async () => {
    const tricks = [
      "Victim <trick-victim@example.com>",
      "a<trick-victim@example.com>",
      "x<postmaster>,trick-victim@example.com",
      "trick-victim@example.com, other@example.com",
      "trick-victim@example.com;other@example.com",
      "(comment)trick-victim@example.com",
      '"trick victim"@example.com',
      "trick-victim@example.com\r\nBcc: other@example.com",
      "trick-victim@example.com\u0000",
    ];
    const sentBefore = site.smtp.received.length;
    const outboxBefore = (site.db.prepare("SELECT count(*) AS n FROM outbox").get() as { n: number }).n;
    const clients = Array.from({ length: 50 }, (_, i) => new ClientAt(site.base, `192.0.2.${i + 1}`));
    const statuses = new Map<number, number>();
    await inBatches(clients, 10, async (c) => {
      expect((await c.post("/eligibility/experience", { experience: "training_program" })).status).toBe(303);
      for (let i = 0; i < 10; i++) {
        const email = tricks[i % tricks.length]!;
        const res = i % 2 ? await c.post("/eligibility/save", { email }) : await c.post("/newsletter", { email, interests: "new_groups" });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        // The message sits next to the field, and what was typed is kept.
        if (res.status === 400) expect(await res.text()).toMatch(/id="field-email-error"><span class="visually-hidden">Error: <\/span>Enter (?:one|an) email address in the correct format/);
      }
    });
    expect(Object.fromEntries(statuses)).toEqual({ 400: 500 });
    expect((site.db.prepare("SELECT count(*) AS n FROM outbox").get() as { n: number }).n).toBe(outboxBefore);
    expect(site.smtp.received.length).toBe(sentBefore);
    expect(site.smtp.received.some((m) => m.to.some((t) => /trick-victim|other@|postmaster/.test(t)))).toBe(false);
  });
});

describe("one mailbox asked for under 20 +tags", () => {
  it("20 newsletter sign-ups to x+1@ … x+20@, each from its own client, deliver at most the cap to the mailbox", async () => {
    const tagged = Array.from({ length: 20 }, (_, i) => `tagged-victim+${i + 1}@example.com`);
    const statuses = new Map<number, number>();
    await inBatches(tagged, 5, async (email) => {
      const i = tagged.indexOf(email);
      const res = await new ClientAt(site.base, `198.51.100.${50 + i}`).post("/newsletter", { email, interests: "training_events" });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    });
    // Every sign-up is answered the same way, capped or not.
    expect(Object.fromEntries(statuses)).toEqual({ 303: 20 });
    await receivedBy("tagged-victim@example.com");
    const delivered = site.smtp.unique().filter((m) => m.to.some((t) => /^tagged-victim(\+\d+)?@example\.com$/i.test(t)));
    console.log(`+tag sign-ups: 20 asked, ${delivered.length} delivered to the mailbox (cap ${RECIPIENT_CAPS["newsletter.confirm"].perDay} a day)`);
    expect(delivered).toHaveLength(RECIPIENT_CAPS["newsletter.confirm"].perDay);
    // Each went to the address as typed.
    for (const m of delivered) expect(tagged).toContain(m.to[0]);
    // The stored sign-ups are as typed too: a tag is the person's own address for everything but the caps.
    expect((site.db.prepare("SELECT count(*) AS n FROM newsletter_signups WHERE email LIKE 'tagged-victim+%'").get() as { n: number }).n).toBe(20);
  });
});

describe("new wizard sessions", () => {
  it("are rate-limited per client like forms", async () => {
    await awayFromWindowEnd(60_000, 20_000);
    const statuses = new Map<number, number>();
    for (let i = 0; i < 130; i++) {
      // A fresh visitor each time: no cookie, so each post would start a new session.
      const res = await new ClientAt(site.base, "198.51.100.200").post("/eligibility/experience", { experience: "workshops" });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
    expect(Object.fromEntries(statuses)).toEqual({ 303: 120, 429: 10 });
    // Another client is not held back.
    expect((await new ClientAt(site.base, "198.51.100.201").post("/eligibility/experience", { experience: "workshops" })).status).toBe(303);
  });
});
