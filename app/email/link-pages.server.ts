/** What a page behind an emailed link shows when the link cannot be used, and reading the token from a request. */
import { data } from "@remix-run/node";
import type { MessagePageData } from "../components/message-page";
import { fill } from "../content.server";
import { followUpContent, type LinkProblem } from "../follow-up-content.server";
import { readFormField } from "../forms/form-data.server";

const NO_STORE = { "Cache-Control": "no-store" };

/** A clear page for a tampered, used or expired link: 400 or 410, and nothing changed. */
export function linkProblem(reason: LinkProblem, o: { days?: number; next?: string; links?: MessagePageData["links"] } = {}) {
  const copy = followUpContent.links[reason];
  const page: MessagePageData = {
    tone: "problem",
    title: copy.title,
    paragraphs: [fill(copy.text, { days: o.days ?? 7 }), ...(o.next ? [o.next] : [])],
    links: o.links,
  };
  return data(page, { status: reason === "invalid" ? 400 : 410, headers: NO_STORE });
}

export function messagePage(page: MessagePageData, status = 200) {
  return data(page, { status, headers: NO_STORE });
}

/** The token of a link: in the query string (the link itself, and RFC 8058 posts to it), or a form field `t`. */
export async function tokenFrom(request: Request): Promise<string | null> {
  const fromQuery = new URL(request.url).searchParams.get("t");
  if (fromQuery) return fromQuery;
  if (request.method === "GET" || request.method === "HEAD") return null;
  return readFormField(request.clone(), "t");
}
