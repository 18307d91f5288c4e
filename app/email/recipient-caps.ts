/**
 * How many emails of one kind a single mailbox may receive, whoever asks and
 * whatever the rate-limit settings say. Counted from the outbox by the
 * mailbox key (mailboxKey below: lower case, trimmed, a `+tag` dropped) in
 * the transaction that queues the email, so two processes cannot both slip
 * under a cap, and `victim+1@…`, `victim+2@…` are one recipient
 * (docs/decisions/017-caps-per-mailbox-and-held-mail.md).
 *
 * Every kind of email (every template in content/email.json) has its own
 * entry: a new kind without one fails its unit test, and is capped as an
 * email anyone can ask for until it has one.
 */
import type emailJson from "../../content/email.json";

export interface RecipientCap {
  perHour: number;
  perDay: number;
}

/** A kind of email: a template in content/email.json. */
export type EmailKind = keyof (typeof emailJson)["templates"];

/** Emails that anyone can make us send by typing an address into a form. */
const ASKED_FOR = { perHour: 3, perDay: 10 } as const satisfies RecipientCap;

/**
 * Notices that follow from other people's actions or from the clock (to
 * convenors, staff, applicants and subscribers): bounded too, but well above
 * any real day, so that no join request's notice to its convenor or
 * decision to its applicant is ever dropped. (Join requests themselves are
 * limited per client: each needs its own run through the questions, in the
 * `email` rate-limit tier.)
 */
const NOTICES = { perHour: 200, perDay: 1000 } as const satisfies RecipientCap;

export const RECIPIENT_CAPS: Readonly<Record<EmailKind, RecipientCap>> = {
  // Typed into a form by anyone.
  "wizard.resume": ASKED_FOR,
  "recheck.set": ASKED_FOR,
  "join.receipt": ASKED_FOR,
  "newsletter.confirm": { perHour: 2, perDay: 2 },
  // The Contact page: "we have your message" to whoever's address was typed.
  "contact.ack": ASKED_FOR,
  // "See or delete my data": the link to what we hold for the typed address.
  "privacy.link": { perHour: 3, perDay: 5 },
  // Sign-in codes: only ever to an address with an account.
  "auth.code": { perHour: 5, perDay: 20 },
  // Every message to STAFF_EMAIL: past this, messages are still stored for the back office, only not emailed.
  "contact.staff": { perHour: 30, perDay: 200 },
  // To an address typed earlier, sent because staff, a convenor or the clock acted.
  "contact.reply": NOTICES,
  "recheck.reminder": NOTICES,
  "newsletter.groupOpen.inPerson": NOTICES,
  "newsletter.groupOpen.online": NOTICES,
  "join.decision.accepted": NOTICES,
  "join.decision.meet_first": NOTICES,
  "join.decision.waiting_list": NOTICES,
  "join.decision.declined": NOTICES,
  "join.group_closed": NOTICES,
  "join.reassigned": NOTICES,
  // To convenors (accounts or a group's listed address) and staff.
  "auth.invite": NOTICES,
  "demand.seed": NOTICES,
  "join.convenor": NOTICES,
  "join.reminder": NOTICES,
  "join.escalation": NOTICES,
  "join.withdrawn": NOTICES,
  "join.erased": NOTICES,
  "join.movedAway": NOTICES,
  "freshness.ask": NOTICES,
  "freshness.needHelp": NOTICES,
  "freshness.closing": NOTICES,
  "freshness.unanswered": NOTICES,
};

export const capFor = (kind: string): RecipientCap => (Object.hasOwn(RECIPIENT_CAPS, kind) ? RECIPIENT_CAPS[kind as EmailKind] : ASKED_FOR);

/**
 * The mailbox an address belongs to, as caps count it: trimmed of spaces,
 * ASCII letters in lower case, and a `+tag` dropped from the local part
 * (`Victim+1@Example.org` → `victim@example.org`). It must match the outbox's
 * generated `mailbox_key` column (db/migrations.ts, migration 10), which is
 * SQLite's lower(trim()) and the same cut: a unit test holds them together.
 * Only for counting: email goes to the address as typed.
 */
export function mailboxKey(address: string): string {
  const key = address.replace(/^ +| +$/g, "").replace(/[A-Z]+/g, (s) => s.toLowerCase());
  const plus = key.indexOf("+");
  const at = key.indexOf("@");
  return plus > 0 && plus < at ? key.slice(0, plus) + key.slice(at) : key;
}
