/**
 * The staff overview (/staff): what needs a person now, each count linking to
 * the list behind it: join requests no convenor has answered in 7 and 14
 * days, groups silent for two "still meeting?" rounds or asking for help,
 * unanswered contact messages, emails that failed or are held after a
 * restore, and areas where enough
 * people wait for a new group. Staff only, checked by withAccess (the route declares it).
 */
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { countFailedEmails, countNewContactMessages, countUnansweredRequests, listGroupsNeedingPerson } from "../../db/queries/overview";
import { countHeldEmails } from "../../db/queries/outbox";
import type { Granted } from "../auth/access.server";
import { fill } from "../content.server";
import { DAY_MS } from "../utils/duration";
import { staffContent } from "./content.server";
import { clusterLabel, computeDemand, DEMAND_PATH } from "./demand.server";

const NO_STORE = { "Cache-Control": "no-store" };
/** An answer of "need help" or "closing" stays on the overview this long (one freshness round). */
const HELP_SHOWN_DAYS = 84;

export async function overviewLoader({ context }: LoaderFunctionArgs, _granted: Granted) {
  const c = staffContent.overview;
  const db = context.db;
  const now = new Date();
  const groups = listGroupsNeedingPerson(db, new Date(now.getTime() - HELP_SHOWN_DAYS * DAY_MS));
  const demand = computeDemand(db, { label: 0 });
  const areas = demand.clusters.filter((cl) => cl.count >= demand.threshold);
  const items = [
    { id: "requests-7", label: c.items.requests7, count: countUnansweredRequests(db, new Date(now.getTime() - 7 * DAY_MS)), href: "/staff/requests?overdue=7" },
    { id: "requests-14", label: c.items.requests14, count: countUnansweredRequests(db, new Date(now.getTime() - 14 * DAY_MS)), href: "/staff/requests?overdue=14" },
    { id: "groups-unanswered", label: c.items.groupsUnanswered, count: groups.filter((g) => g.why === "unanswered").length, href: "/staff/groups?freshness=stale" },
    { id: "groups-help", label: c.items.groupsHelp, count: groups.filter((g) => g.why !== "unanswered").length, href: "/staff/groups" },
    { id: "messages", label: c.items.messages, count: countNewContactMessages(db), href: "/staff/messages" },
    { id: "failed-emails", label: c.items.failedEmails, count: countFailedEmails(db), href: "/staff/outbox?status=failed" },
    { id: "held-emails", label: c.items.heldEmails, count: countHeldEmails(db), href: "/staff/outbox?status=held" },
    { id: "demand", label: fill(c.items.demand, { threshold: demand.threshold }), count: areas.length, href: DEMAND_PATH },
  ];
  return data(
    {
      copy: c,
      items: items.map((i) => ({ ...i, countText: i.count ? i.count.toLocaleString("en-AU") : c.none })),
      allClear: items.every((i) => i.count === 0),
      groups: groups.map((g) => ({ key: `${g.id}-${g.why}`, name: g.name, href: `/staff/groups/${g.slug}`, why: c.why[g.why] })),
      areas: areas.slice(0, 10).map((a) => ({ key: a.key, text: fill(c.demandArea, { area: clusterLabel(a), count: a.count }) })),
    },
    { headers: NO_STORE },
  );
}
