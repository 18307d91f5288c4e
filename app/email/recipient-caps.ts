/**
 * How many emails of one kind a single address may receive, whoever asks and
 * whatever the rate-limit settings say. Counted from the outbox by the
 * normalised address (lower case, trimmed) in the transaction that queues the
 * email, so two processes cannot both slip under a cap.
 */
export interface RecipientCap {
  perHour: number;
  perDay: number;
}

/** Emails that anyone can make us send by typing an address into a form. */
const ASKED_FOR = { perHour: 3, perDay: 10 } as const satisfies RecipientCap;

/**
 * Notices that follow from other people's actions or from the clock (to
 * convenors, staff, subscribers): bounded too, but well above any real day,
 * so that no join request's notice to its convenor is ever dropped. (Join
 * requests themselves are limited per client: each needs its own run through
 * the questions, in the `email` rate-limit tier.)
 */
const NOTICES = { perHour: 200, perDay: 1000 } as const satisfies RecipientCap;

export const RECIPIENT_CAPS: Readonly<Record<string, RecipientCap>> = {
  "wizard.resume": ASKED_FOR,
  "recheck.set": ASKED_FOR,
  "join.receipt": ASKED_FOR,
  "newsletter.confirm": { perHour: 2, perDay: 2 },
  // Sign-in codes: only ever to an address with an account.
  "auth.code": { perHour: 5, perDay: 20 },
  // The Contact page: "we have your message" to whoever's address was typed.
  "contact.ack": ASKED_FOR,
  // Every message to STAFF_EMAIL: past this, messages are still stored for the back office, only not emailed.
  "contact.staff": { perHour: 30, perDay: 200 },
  // "See or delete my data": the link to what we hold for the typed address.
  "privacy.link": { perHour: 3, perDay: 5 },
};

export const capFor = (kind: string): RecipientCap => RECIPIENT_CAPS[kind] ?? NOTICES;

/** The key an address is counted under. */
export const recipientKey = (address: string) => address.trim().toLowerCase();
