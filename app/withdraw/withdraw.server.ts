/**
 * "Withdraw my request": the page behind the applicant's link (the receipt
 * email, the "request sent" page). A GET only shows what the link would do,
 * with one button (docs/decisions/005-links-in-emails.md). The POST uses the
 * link up, withdraws the request through the one decision module
 * (app/join/decisions.server.ts: the statechart refuses an answered request)
 * and queues the convenors' notice, all in one transaction, then shows the
 * same address again, which now says the request is withdrawn.
 *
 * Every state is said calmly: a second click, a link from an older email, an
 * answered request (accepted or declined cannot be withdrawn here), an
 * erased one.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { writeTransaction } from "../../db/client";
import { getJoinRequestDetails, type JoinRequestDetails } from "../../db/queries/join-requests";
import { joinRequestErasedAt } from "../../db/queries/privacy";
import { checkToken, consumeToken, subjectOfSpentToken } from "../../db/queries/tokens";
import type { MessagePageData } from "../components/message-page";
import { contactContent } from "../contact/content.server";
import type { Services } from "../context";
import { fill } from "../content.server";
import { linkProblem, tokenFrom } from "../email/link-pages.server";
import { applyDecision } from "../join/decisions.server";
import { formatDay } from "../join/join-emails.server";
import { CONTACT_PATH, WITHDRAW_LINK_DAYS, WITHDRAW_PATH, WITHDRAW_PURPOSE } from "./links.server";
import { queueWithdrawnNotices } from "./notices.server";

const NO_STORE = { "Cache-Control": "no-store" };

type Resolved =
  | { kind: "invalid" }
  | { kind: "expired"; request?: JoinRequestDetails; erased: boolean }
  /** The link still works (`tokenId`), or was used (null): either way, the request it is for. */
  | { kind: "request"; request: JoinRequestDetails; erased: boolean; tokenId: string | null };

/** What a link's token points at now. Reads only. */
function resolve(services: Pick<Services, "db" | "secrets">, token: string | null, now: Date): Resolved {
  const { db, secrets } = services;
  const check = checkToken(db, secrets, token, WITHDRAW_PURPOSE, now);
  if (!check.ok) {
    if (check.reason === "invalid" || !token) return { kind: "invalid" };
    // A good signature, used or expired: the request it was for still says where it stands.
    const subject = subjectOfSpentToken(db, token, WITHDRAW_PURPOSE);
    const request = subject ? getJoinRequestDetails(db, Number(subject)) : undefined;
    if (!request) return { kind: "invalid" };
    const erased = joinRequestErasedAt(db, request.id) !== null;
    if (check.reason === "expired") return { kind: "expired", request, erased };
    return { kind: "request", request, erased, tokenId: null };
  }
  const request = getJoinRequestDetails(db, Number(check.token.subject));
  if (!request) return { kind: "invalid" };
  return { kind: "request", request, erased: joinRequestErasedAt(db, request.id) !== null, tokenId: check.token.id };
}

const copy = () => contactContent.withdraw;
const contactLink = () => ({ href: CONTACT_PATH, text: copy().contact });
const wayOn = () => [
  { href: "/groups", text: copy().findGroup },
  { href: "/", text: contactContent.wayOn.home },
];

/** The page for a link, and its status. `refused`: the answer to a POST the statechart turned down. */
function pageFor(r: Resolved, token: string, refused = false): { page: MessagePageData; status: number } | { problem: ReturnType<typeof linkProblem> } {
  const c = copy();
  if (r.kind === "invalid") return { problem: linkProblem("invalid", { next: c.expiredNext, links: [contactLink()] }) };
  const request = r.request;
  const vars: Record<string, string> = request
    ? { group: request.group.name, convenor: request.group.convenorFirstName, date: formatDay(request.createdAt, request.group.timeZone), reference: request.publicId }
    : {};
  const said = (t: { title: string; text: string }, status = refused ? 409 : 200): { page: MessagePageData; status: number } => ({
    page: { tone: "done", title: fill(t.title, vars), paragraphs: [fill(t.text, vars)], links: [...wayOn(), contactLink()] },
    status,
  });
  if (r.erased) return said(c.erased, 200);
  if (request?.status === "withdrawn") return said(c.done, 200);
  if (request?.status === "accepted") return said(c.accepted);
  if (request?.status === "declined") return said(c.declined);
  if (r.kind === "expired" || !request) return { problem: linkProblem("expired", { days: WITHDRAW_LINK_DAYS, next: c.expiredNext, links: [contactLink()] }) };
  // Open, and the link was used without withdrawing it (cannot happen through this page): say it was used.
  if (r.tokenId === null) return { problem: linkProblem("used", { next: c.expiredNext, links: [contactLink()] }) };
  return {
    page: {
      tone: "ask",
      title: fill(c.title, vars),
      paragraphs: [fill(c.text, vars), fill(c.reference, vars)],
      form: { action: `${WITHDRAW_PATH}?t=${encodeURIComponent(token)}`, button: c.button, fields: {} },
      links: [{ href: "/", text: c.keep }],
    },
    status: 200,
  };
}

function respond(result: ReturnType<typeof pageFor>) {
  if ("problem" in result) return result.problem;
  return data(result.page, { status: result.status, headers: NO_STORE });
}

/** GET /join-requests/withdraw?t=…: what the link would do, and a button. Changes nothing. */
export async function withdrawLoader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("t");
  return respond(pageFor(resolve(context, token, new Date()), token ?? ""));
}

/** POST: uses the link up, withdraws the request and tells the convenors, all or nothing. */
export async function withdrawAction({ request, context }: ActionFunctionArgs) {
  const token = await tokenFrom(request);
  const now = new Date();
  const { db } = context;
  const outcome = writeTransaction(db, () => {
    const r = resolve(context, token, now);
    if (r.kind !== "request" || r.erased || r.tokenId === null) return { done: false as const, result: pageFor(r, token ?? "", true) };
    const tokenId = r.tokenId;
    // The statechart decides: an accepted or declined request cannot be withdrawn (and the link is not used up).
    const result = applyDecision(
      context,
      { requestId: r.request.id, decision: "withdrawn", actor: { kind: "applicant", via: "withdraw-link" }, guard: () => consumeToken(db, tokenId, now), notify: false },
      now,
    );
    if (!result.ok) return { done: false as const, result: pageFor(resolve(context, token, now), token ?? "", true) };
    queueWithdrawnNotices(context, result.request, "join.withdrawn", now);
    return { done: true as const, id: r.request.id };
  });
  if (outcome.done) {
    context.logger.info("join request withdrawn", { id: outcome.id });
    // The same address now says it is withdrawn: reloading or Back shows that, never a second button.
    throw redirect(`${WITHDRAW_PATH}?t=${encodeURIComponent(token ?? "")}`, { status: 303, headers: NO_STORE });
  }
  return respond(outcome.result);
}
