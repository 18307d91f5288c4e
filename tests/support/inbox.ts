/** Reading what a test SMTP server received: wait for messages, decode them, pull out links. */
import { bodies } from "./mime";
import type { ReceivedMail, TestSmtp } from "./smtp";

export async function waitFor<T>(what: string, find: () => T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface Mail {
  received: ReceivedMail;
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  header(name: string): string | null;
}

export function decode(m: ReceivedMail): Mail {
  const { text, html, root } = bodies(m.raw);
  return {
    received: m,
    to: m.to,
    from: m.from,
    subject: root.headers.get("subject") ?? "",
    text: text ?? "",
    html: html ?? "",
    header: (name) => root.headers.get(name.toLowerCase()) ?? null,
  };
}

/** Every distinct message (by Message-ID) to an address so far. */
export const mailTo = (smtp: TestSmtp, address: string) => smtp.unique().filter((m) => m.to.includes(address)).map(decode);

/** Waits until `count` messages have reached `address`, then returns them. */
export async function waitForMail(smtp: TestSmtp, address: string, count = 1): Promise<Mail[]> {
  return waitFor(`${count} message(s) to ${address}`, () => {
    const all = mailTo(smtp, address);
    return all.length >= count ? all : undefined;
  });
}

/** The one link in a message's text with this path. */
export function linkTo(mail: Mail, pathname: string): string {
  const links = (mail.text.match(/https?:\/\/[^\s<>]+/g) ?? []).filter((u) => new URL(u).pathname === pathname);
  if (links.length !== 1) throw new Error(`expected one ${pathname} link in "${mail.subject}", found ${links.length}`);
  return links[0]!;
}

/**
 * Resolves once the outbox has nothing pending or being sent. Every email is
 * queued in the same transaction as the request that causes it, and the test
 * SMTP server records a message before it answers 250, so once the outbox has
 * drained, everything the requests so far will ever send has arrived: a check
 * that nothing more arrives needs no waiting beyond this.
 */
export function outboxDrained(db: { prepare(sql: string): { get(): unknown } }, timeoutMs = 60_000): Promise<true> {
  const pending = db.prepare("SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'sending')");
  return waitFor("the outbox to drain", () => (pending.get() as { n: number }).n === 0, timeoutMs);
}
