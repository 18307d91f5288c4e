/**
 * Everything we hold for one email address, and erasing it: the code behind
 * the self-service "see or delete my data" pages (my-data.server.ts), and the
 * code staff will call from the back office, so that both do exactly the
 * same thing.
 *
 * What is held (findEverything), table by table:
 * - join_requests sent from the address (not yet erased);
 * - newsletter_signups: the sign-up, confirmed or not, and its waiting-list place;
 * - recheck_reminders still holding the address;
 * - contact_messages sent from it;
 * - outbox rows to it, and rows to others (a convenor, staff) that mention it;
 * - sign_in_codes typed with it, when it has no account;
 * - tokens whose payload holds it (a newsletter change waiting for confirmation);
 * - shown but never erased here: a staff or convenor account (users,
 *   group_convenors, its sign-ins and audit entries) and a group listing it
 *   as the convenor's address. Staff handle those.
 *
 * Erasing (eraseEverything), in one transaction:
 * - open join requests are withdrawn through the one decision module
 *   (audited), and their convenors told without the person's name;
 * - every join request is anonymised: name, address, note, hopes, answers,
 *   distance and the meeting note emptied, unlinked from the browser's answers
 *   (which are deleted); group, status, codes and dates stay for counts;
 * - the newsletter sign-up and waiting-list place are erased (an empty,
 *   unsubscribed placeholder row keeps its id from being reused: old
 *   unsubscribe links and dedupe keys name it);
 * - re-check reminders are cancelled and their address forgotten;
 * - contact messages are deleted;
 * - outbox rows to or mentioning the address are emptied (pending ones given up);
 * - pending sign-ins without an account are deleted; tokens' payloads holding it emptied;
 * - every privacy request for the address forgets it;
 * - the erasure is recorded on its privacy request and in the audit log
 *   (subject "privacy"), with counts only.
 * Then, once committed (clearLeftovers), off the disk too: the saved .eml
 * files of the emptied emails are deleted and the WAL, which still holds the
 * pages as they were, is checkpointed and truncated. With `secure_delete` on
 * (db/client.ts), the database file keeps no copy of what was erased
 * (docs/decisions/016-erased-on-disk.md).
 */
import crypto from "node:crypto";
import { checkpointTruncate, type CheckpointResult, type DB, writeTransaction } from "../../db/client";
import { deleteMailFiles } from "../../db/mail-files";
import { appendAudit, auditActor } from "../../db/queries/audit";
import { deleteAccount } from "../../db/queries/admin";
import { contactMessagesFrom, deleteContactMessagesFrom, type ContactMessage } from "../../db/queries/contact";
import {
  anonymiseJoinRequests,
  cancelRechecksFor,
  clearTokensMentioning,
  createPrivacyRequest,
  deleteSignInCodesWithoutAccount,
  deleteWizardSessions,
  emailsHeldFor,
  emptyOutboxFor,
  eraseNewsletterSignup,
  forgetPrivacyRequestsFor,
  getPrivacyRequest,
  groupsConvenedBy,
  groupsListingConvenor,
  joinRequestsFrom,
  markPrivacyRequestErased,
  newsletterSignupOf,
  rechecksFor,
  signInCodesWithoutAccount,
  tokensMentioning,
  type HeldEmails,
  type HeldJoinRequest,
  type HeldNewsletterSignup,
  type HeldRecheck,
} from "../../db/queries/privacy";
import { emailKey, findUserByEmail, type Role, type User } from "../../db/queries/users";
import { isOpenStatus } from "../../machines/join-request";
import type { Services } from "../context";
import { applyDecision, type DecisionActor } from "../join/decisions.server";
import { queueWithdrawnNotices } from "../withdraw/notices.server";

export interface Everything {
  /** The address, normalised (trimmed, lower case). */
  email: string;
  joinRequests: HeldJoinRequest[];
  newsletter: HeldNewsletterSignup | null;
  rechecks: HeldRecheck[];
  contactMessages: ContactMessage[];
  emails: HeldEmails;
  /** Pending sign-ins typed with the address (none counted for an account: they are the account's). */
  signInCodes: number;
  tokens: number;
  /** Kept here: staff handle accounts and listings. */
  account: { role: Role; groups: { id: number; name: string; slug: string }[] } | null;
  listedConvenorOf: { id: number; name: string; slug: string }[];
}

/** Everything held for an address. Reads only. */
export function findEverything(db: DB, email: string): Everything {
  const key = emailKey(email);
  const user = findUserByEmail(db, key);
  return {
    email: key,
    joinRequests: joinRequestsFrom(db, key),
    newsletter: newsletterSignupOf(db, key) ?? null,
    rechecks: rechecksFor(db, key),
    contactMessages: contactMessagesFrom(db, key),
    emails: emailsHeldFor(db, key),
    signInCodes: user ? 0 : signInCodesWithoutAccount(db, key),
    tokens: tokensMentioning(db, key),
    account: user ? { role: user.role, groups: groupsConvenedBy(db, user.id) } : null,
    listedConvenorOf: groupsListingConvenor(db, key),
  };
}

/** How many of each kind an erasure removes (or would): the audit log's detail and the privacy request's record. */
export interface ErasureCounts {
  [kind: string]: number;
  joinRequests: number;
  withdrawn: number;
  newsletter: number;
  rechecks: number;
  contactMessages: number;
  emails: number;
  signInCodes: number;
  tokens: number;
}

const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

export interface ErasurePreview {
  everything: Everything;
  /** What eraseEverything would erase now. */
  counts: ErasureCounts;
  /** Nothing to erase (an account or a listing may still be there: they are kept). */
  empty: boolean;
}

/** What erasing the address would do, without doing it. */
export function previewErasure(db: DB, email: string): ErasurePreview {
  const e = findEverything(db, email);
  const counts: ErasureCounts = {
    joinRequests: e.joinRequests.length,
    withdrawn: e.joinRequests.filter((r) => isOpenStatus(r.status)).length,
    newsletter: e.newsletter ? 1 : 0,
    rechecks: e.rechecks.length,
    contactMessages: e.contactMessages.length,
    emails: sum(e.emails.toAddress) + e.emails.mentioning,
    signInCodes: e.signInCodes,
    tokens: e.tokens,
  };
  return { everything: e, counts, empty: sum(counts) === 0 };
}

/** Who erases: the person, through their emailed link, or staff in the back office. */
export type ErasureActor = { kind: "self" } | { kind: "staff"; user: Pick<User, "id" | "email" | "role"> };

/** A keyed hash of the normalised address: lets staff see that an address asked before, without keeping it. */
export function addressHash(secret: string, email: string): string {
  return crypto.createHmac("sha256", secret).update(`privacy:${emailKey(email)}`).digest("base64url");
}

export interface ErasureResult {
  requestId: number;
  counts: ErasureCounts;
  /** Saved email files deleted, and whether the WAL was emptied (see clearLeftovers). */
  leftovers: Leftovers;
}

export interface Leftovers {
  mailFiles: number;
  checkpoint: CheckpointResult;
}

/**
 * After an erasure has committed: deletes the saved .eml files of the outbox
 * rows it emptied, and checkpoints the WAL into the database file and
 * truncates it (retried a few times while another process is busy; never
 * throws: SQLite's own checkpoints finish a busy one later).
 */
export function clearLeftovers(db: DB, emptiedOutboxIds: readonly number[]): Leftovers {
  let mailFiles = 0;
  try {
    mailFiles = deleteMailFiles(db, emptiedOutboxIds);
  } catch {
    // The retention job deletes the files of emptied rows at its next run.
  }
  return { mailFiles, checkpoint: checkpointTruncate(db) };
}

/**
 * Removes a staff or convenor account (staff do, from its page) and every
 * trace of its address, in one transaction: the account with its sessions,
 * pending sign-ins and convenorships; sign-ins typed with the address; the
 * emails to it or mentioning it (sign-in codes, invitations, join notices),
 * emptied as an erasure empties them; tokens and privacy requests holding
 * it. The audit log keeps what it did under its id and role, so it shows as
 * "A former staff member" or "A former convenor". A group listing that gives
 * the address as its convenor's is public and stays until staff edit it.
 * Then clearLeftovers, as after an erasure. False if there was no such account.
 */
export function eraseAccount(db: DB, account: Pick<User, "id" | "email" | "role">, by: Pick<User, "id" | "role">, now = new Date()): Leftovers | false {
  const key = emailKey(account.email);
  let emptied: number[] = [];
  const removed = writeTransaction(db, () => {
    if (!deleteAccount(db, account.id)) return false;
    appendAudit(db, { ...auditActor(by), action: "user_removed", subjectType: "user", subjectId: account.id, detail: { role: account.role } }, now);
    deleteSignInCodesWithoutAccount(db, key);
    clearTokensMentioning(db, key);
    forgetPrivacyRequestsFor(db, key, now);
    emptied = emptyOutboxFor(db, key);
    return true;
  });
  return removed && clearLeftovers(db, emptied);
}

/**
 * Erases everything held for the address (see the top of this file), in one
 * transaction, and records it on `requestId` (the self-service request whose
 * link was used) or on a new privacy request made for staff. Call `guard`
 * first inside the same transaction (e.g. use up the link); false cancels
 * and returns null. Call it outside any transaction: only once its own has
 * committed can clearLeftovers delete the saved emails and empty the WAL
 * (inside another, they are left to the retention job and later checkpoints).
 */
export function eraseEverything(
  services: Pick<Services, "db" | "env" | "secrets">,
  email: string,
  actor: ErasureActor,
  options: { requestId?: number; guard?: () => boolean; now?: Date } = {},
): ErasureResult | null {
  const { db } = services;
  const now = options.now ?? new Date();
  const key = emailKey(email);
  let emptied: number[] = [];
  const erased = writeTransaction(db, (): Omit<ErasureResult, "leftovers"> | null => {
    if (options.guard && !options.guard()) return null;
    const decisionActor: DecisionActor = actor.kind === "self" ? { kind: "applicant", via: "erasure" } : { kind: "user", user: actor.user };

    // Open requests are withdrawn first, through the statechart, and their convenors told (without the name).
    const requests = joinRequestsFrom(db, key);
    let withdrawn = 0;
    for (const r of requests.filter((x) => isOpenStatus(x.status))) {
      const result = applyDecision(services, { requestId: r.id, decision: "withdrawn", actor: decisionActor, notify: false }, now);
      if (!result.ok) continue;
      withdrawn++;
      queueWithdrawnNotices(services, result.request, "join.erased", now);
    }
    const sessions = anonymiseJoinRequests(db, requests.map((r) => r.id), now);
    deleteWizardSessions(db, sessions);

    // Tokens first: erasing the sign-up deletes its confirmation links, which may hold the address.
    const tokens = clearTokensMentioning(db, key);
    const signup = newsletterSignupOf(db, key);
    if (signup) eraseNewsletterSignup(db, signup.id, now);
    const account = findUserByEmail(db, key);
    const counts: ErasureCounts = {
      joinRequests: requests.length,
      withdrawn,
      newsletter: signup ? 1 : 0,
      rechecks: cancelRechecksFor(db, key, now),
      contactMessages: deleteContactMessagesFrom(db, key),
      signInCodes: account ? 0 : deleteSignInCodesWithoutAccount(db, key),
      tokens,
      // Last: the convenors' notices queued above hold no address.
      emails: (emptied = emptyOutboxFor(db, key)).length,
    };

    const secret = services.secrets[0];
    if (!secret) throw new Error("no signing secret");
    const existing = options.requestId === undefined ? undefined : getPrivacyRequest(db, options.requestId);
    const requestId =
      existing?.id ?? createPrivacyRequest(db, { email: null, emailHash: addressHash(secret, key), via: actor.kind === "self" ? "self" : "staff", expiresAt: now, now });
    forgetPrivacyRequestsFor(db, key, now);
    markPrivacyRequestErased(db, requestId, counts, now);
    appendAudit(
      db,
      {
        ...(actor.kind === "staff" ? auditActor(actor.user) : { actorUserId: null, actor: "person (emailed link)" }),
        action: "privacy.erased",
        subjectType: "privacy",
        subjectId: requestId,
        detail: { ...counts, accountKept: account !== undefined, listingsKept: groupsListingConvenor(db, key).length },
      },
      now,
    );
    return { requestId, counts };
  });
  if (!erased) return null;
  return { ...erased, leftovers: db.inTransaction ? { mailFiles: 0, checkpoint: { done: false, tries: 0 } } : clearLeftovers(db, emptied) };
}
