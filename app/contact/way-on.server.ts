/**
 * Ways on from pages that used to end a journey with nothing to do next
 * (newsletter confirmed, unsubscribed, the convenor's thank-you): a few
 * links under a "done" page, copy in content/contact.json (wayOn).
 */
import { data } from "@remix-run/node";
import type { MessagePageData } from "../components/message-page";
import { contactContent } from "./content.server";

export type WayOn = "newsletterConfirmed" | "unsubscribed" | "decided";

export function wayOnLinks(which: WayOn): { href: string; text: string }[] {
  const w = contactContent.wayOn;
  const home = { href: "/", text: w.home };
  switch (which) {
    case "newsletterConfirmed":
      return [{ href: "/groups", text: w.findGroup }, home];
    case "unsubscribed":
      return [{ href: "/newsletter", text: w.signUpAgain }, home];
    case "decided":
      return [{ href: "/convenor", text: w.convenorArea }, home];
  }
}

/** A message page's result (data(page, init)) with the way on added, when it is a "done" page with no links of its own. */
export function withWayOn<T>(result: T, which: WayOn): T {
  const page = (result as { data?: MessagePageData } | null)?.data;
  if (page && page.tone === "done" && !page.links?.length) (result as { data: MessagePageData }).data = { ...page, links: wayOnLinks(which) };
  return result;
}

/** The convenor's thank-you after answering, with the way on. */
export function decidedWithWayOn<D extends object>(result: { data: D; init: ResponseInit | null }) {
  return data({ ...result.data, links: wayOnLinks("decided") }, result.init ?? undefined);
}
