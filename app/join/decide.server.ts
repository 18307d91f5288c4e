/**
 * The convenor's answer to a join request, behind the links in our email.
 * A GET only shows what the link would do, with a button: mail scanners and
 * link previews follow links, so nothing changes until the convenor posts the
 * form. The POST uses the link's token up, records the answer and queues the
 * applicant's email in one transaction. Once a request is answered, every
 * link for it stops working (join_requests.decided_at).
 */
import { writeTransaction } from "../../db/client";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { getJoinRequestDetails, type JoinDecision, type JoinRequestDetails } from "../../db/queries/join-requests";
import { checkToken, consumeToken, subjectOfSpentToken } from "../../db/queries/tokens";
import type { Services } from "../context";
import { fill, wizardContent } from "../content.server";
import { echo, field, readForm } from "../forms/form-data.server";
import { fieldErrors } from "../forms/fields";
import { decideSchema } from "./decide-schema";
import { isOpenStatus } from "../../machines/join-request";
import { applyDecision } from "./decisions.server";
import { DECIDE_LINK_DAYS, DECIDE_PATH, DECIDE_PURPOSE, formatDay, isJoinDecision } from "./join-emails.server";

const NO_STORE = { "Cache-Control": "no-store" };
/** A request's page in the convenor area. */
export const convenorRequestPath = (id: number) => `/convenor/requests/${id}`;
export const DECIDE_DONE_PATH = `${DECIDE_PATH}/done`;

type Resolved =
  | { kind: "ok"; request: JoinRequestDetails; decision: JoinDecision; tokenId: string }
  | { kind: "invalid" }
  | { kind: "expired" }
  | { kind: "used"; request: JoinRequestDetails };

/** What a link's token allows now. Reads only. */
function resolve(services: Pick<Services, "db" | "secrets">, token: string | undefined, now: Date): Resolved {
  const { db, secrets } = services;
  const check = checkToken(db, secrets, token, DECIDE_PURPOSE, now);
  if (!check.ok) {
    if (check.reason === "invalid" || !token) return { kind: "invalid" };
    const subject = subjectOfSpentToken(db, token, DECIDE_PURPOSE);
    const request = subject ? getJoinRequestDetails(db, Number(subject)) : undefined;
    if (!request) return { kind: "invalid" };
    // An answered request says so, whichever of its links was used.
    if (request.decidedAt || !isOpenStatus(request.status)) return { kind: "used", request };
    return check.reason === "expired" ? { kind: "expired" } : { kind: "invalid" };
  }
  const decision = check.token.payload.decision;
  const request = getJoinRequestDetails(db, Number(check.token.subject));
  if (!request || !isJoinDecision(decision)) return { kind: "invalid" };
  // Answered, or closed some other way (withdrawn by the applicant, erased): the links say so.
  if (request.decidedAt || !isOpenStatus(request.status)) return { kind: "used", request };
  return { kind: "ok", request, decision, tokenId: check.token.id };
}

export type DecidePage =
  | {
      state: "confirm";
      title: string;
      lead: string;
      explain: string;
      otherAnswer: string;
      message: { label: string; hint: string; errors: Record<string, string> };
      button: string;
      errorSummaryTitle: string;
      token: string;
      action: string;
    }
  | { state: "invalid" | "expired" | "used"; title: string; text: string; requestHref?: string };

function pageFor(r: Resolved, token: string): { page: DecidePage; status: number } {
  const c = wizardContent.joinDecide;
  switch (r.kind) {
    case "invalid":
      return { page: { state: "invalid", ...c.invalid }, status: 400 };
    case "expired":
      return { page: { state: "expired", title: c.expired.title, text: fill(c.expired.text, { days: DECIDE_LINK_DAYS }) }, status: 410 };
    case "used": {
      const vars = { decided: formatDay(r.request.statusChangedAt ?? r.request.decidedAt ?? r.request.createdAt, r.request.group.timeZone), decision: c.decisions[r.request.status] };
      return { page: { state: "used", title: c.used.title, text: fill(c.used.text, vars), requestHref: convenorRequestPath(r.request.id) }, status: 410 };
    }
    case "ok": {
      const { request, decision } = r;
      const vars = {
        name: request.name.replace(/\s+/g, " ").trim(),
        group: request.group.name,
        received: formatDay(request.createdAt, request.group.timeZone),
      };
      return {
        page: {
          state: "confirm",
          title: fill(c.titles[decision], vars),
          lead: fill(c.lead, vars),
          explain: fill(c.explain[decision], vars),
          otherAnswer: c.otherAnswer,
          message: { label: fill(c.message.label, vars), hint: c.message.hint, errors: c.message.errors },
          button: fill(c.buttons[decision], vars),
          errorSummaryTitle: wizardContent.common.errorSummaryTitle,
          token,
          action: `${DECIDE_PATH}?token=${encodeURIComponent(token)}`,
        },
        status: 200,
      };
    }
  }
}

const tokenFromUrl = (request: Request) => new URL(request.url).searchParams.get("token") ?? undefined;

/** GET: what this link would do, and a button. Changes nothing. */
export async function decideLoader({ request, context }: LoaderFunctionArgs) {
  const token = tokenFromUrl(request);
  const { page, status } = pageFor(resolve(context, token, new Date()), token ?? "");
  return data(page, { status, headers: NO_STORE });
}

export interface DecideActionData {
  page: DecidePage;
  errors: Record<string, string>;
  values: Record<string, string | string[]>;
}

/** POST: uses the link up, records the answer and queues the applicant's email, all or nothing. */
export async function decideAction({ request, context }: ActionFunctionArgs) {
  const raw = await readForm(request);
  const token = field(raw, "token") ?? tokenFromUrl(request);
  const parsed = decideSchema.safeParse(raw);
  const now = new Date();
  const { db } = context;

  const outcome = writeTransaction(db, () => {
    const r = resolve(context, token, now);
    if (r.kind !== "ok") return { done: false as const, ...pageFor(r, token ?? ""), errors: {} };
    if (!parsed.success) return { done: false as const, ...pageFor(r, token ?? ""), status: 400, errors: fieldErrors(parsed.error) };
    // The same decision code path as the convenor's page; using up the link's token is part of it.
    const result = applyDecision(
      context,
      { requestId: r.request.id, decision: r.decision, actor: { kind: "email-link" }, message: parsed.data.message ?? "", guard: () => consumeToken(db, r.tokenId, now) },
      now,
    );
    if (!result.ok) return { done: false as const, ...pageFor(resolve(context, token, now), token ?? ""), errors: {} };
    return { done: true as const, decision: r.decision, id: r.request.id };
  });

  if (outcome.done) {
    context.logger.info("join request answered", { id: outcome.id, decision: outcome.decision });
    throw redirect(`${DECIDE_DONE_PATH}?answer=${outcome.decision}`, { status: 303, headers: NO_STORE });
  }
  return data<DecideActionData>({ page: outcome.page, errors: outcome.errors, values: echo(raw, decideSchema) }, { status: outcome.status, headers: NO_STORE });
}

/** After answering: thanks, and what we did. No personal data (the URL carries only the answer). */
export function decideDoneLoader({ request }: LoaderFunctionArgs) {
  const answer = new URL(request.url).searchParams.get("answer");
  if (!isJoinDecision(answer)) throw data({ message: wizardContent.joinDecide.invalid.text }, { status: 404 });
  const { done } = wizardContent.joinDecide;
  return data({ title: done.title, text: done[answer] }, { headers: NO_STORE });
}
