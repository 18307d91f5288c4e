/**
 * Staff's privacy requests: find everything held for an address, download it
 * as JSON for the person, preview an erasure and carry it out, with the same
 * code the person's own emailed link uses (app/privacy/erase.server.ts).
 * The address travels only in POST bodies, never in a URL; each step is
 * audit-logged with a keyed hash of it, never the address.
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { appendAudit, auditActor } from "../../db/queries/audit";
import { listPrivacyRequests } from "../../db/queries/privacy";
import { signInSchema } from "../auth/schema";
import type { Granted } from "../auth/access.server";
import { fill } from "../content.server";
import { addressHash, eraseEverything, findEverything, previewErasure, type Everything } from "../privacy/erase.server";
import { formatDateTime } from "../utils/dates";
import { echo, field, readForm } from "../forms/form-data.server";
import { staffContent } from "./content.server";

const NO_STORE = { "Cache-Control": "no-store" };

export async function staffPrivacyLoader({ context }: LoaderFunctionArgs, _granted: Granted) {
  const c = staffContent.privacy;
  const { rows } = listPrivacyRequests(context.db, { limit: 25, offset: 0 });
  return data(
    {
      copy: c,
      requests: rows.map((r) => ({
        id: r.id,
        created: formatDateTime(r.createdAt),
        via: c.via[r.via as keyof typeof c.via] ?? r.via,
        status: r.erasedAt ? c.statuses.erased : c.statuses.pending,
      })),
    },
    { headers: NO_STORE },
  );
}

type Summary = { kind: string; label: string; count: number }[];

function summarise(e: Everything): Summary {
  const k = staffContent.privacy.kinds;
  return [
    { kind: "joinRequests", label: k.joinRequests, count: e.joinRequests.length },
    { kind: "newsletter", label: k.newsletter, count: e.newsletter ? 1 : 0 },
    { kind: "rechecks", label: k.rechecks, count: e.rechecks.length },
    { kind: "contactMessages", label: k.contactMessages, count: e.contactMessages.length },
    { kind: "emails", label: k.emails, count: Object.values(e.emails.toAddress).reduce((a, b) => a + b, 0) + e.emails.mentioning },
    { kind: "signInCodes", label: k.signInCodes, count: e.signInCodes },
    { kind: "tokens", label: k.tokens, count: e.tokens },
    { kind: "account", label: k.account, count: e.account ? 1 : 0 },
    { kind: "listedConvenorOf", label: k.listedConvenorOf, count: e.listedConvenorOf.length },
  ];
}

export type StaffPrivacyActionData =
  | { state: "error"; errors: Record<string, string>; values: Record<string, string | string[]> }
  | { state: "found" | "preview"; email: string; heading: string; summary: Summary; empty: boolean; eraseLabel: string }
  | { state: "erased"; text: string };

/** POST intents: find | download | preview | erase. */
export async function staffPrivacyAction({ request, context }: ActionFunctionArgs, { user }: Granted) {
  const raw = await readForm(request);
  const parsed = signInSchema.safeParse({ email: raw.email });
  if (!parsed.success) return data<StaffPrivacyActionData>({ state: "error", errors: { email: "invalid" }, values: echo(raw, signInSchema) }, { status: 400, headers: NO_STORE });
  const email = parsed.data.email;
  const c = staffContent.privacy;
  const hash = addressHash(context.secrets[0]!, email);
  const audit = (action: string, detail: Record<string, string | number | boolean> = {}) =>
    appendAudit(context.db, { ...auditActor(user), action, subjectType: "privacy", subjectId: null, detail: { address: hash.slice(0, 12), ...detail } });
  const intent = field(raw, "intent");

  if (intent === "erase") {
    const result = eraseEverything(context, email, { kind: "staff", user });
    const total = result ? Object.values(result.counts).reduce((a, b) => a + b, 0) - result.counts.withdrawn : 0;
    context.logger.info("privacy erasure by staff", { requestId: result?.requestId ?? null, mailFilesDeleted: result?.leftovers.mailFiles ?? 0, walEmptied: result?.leftovers.checkpoint.done ?? false });
    return data<StaffPrivacyActionData>({ state: "erased", text: fill(c.erased, { total }) }, { headers: NO_STORE });
  }
  const preview = intent === "preview";
  const p = previewErasure(context.db, email);
  audit(preview ? "privacy.previewed" : "privacy.searched");
  return data<StaffPrivacyActionData>(
    {
      state: preview ? "preview" : "found",
      email,
      heading: fill(c.resultHeading, { email }),
      summary: summarise(p.everything),
      empty: p.empty,
      eraseLabel: fill(c.eraseButton, { email }),
    },
    { headers: NO_STORE },
  );
}

/**
 * POST /staff/privacy/download: everything held for the address, as a JSON
 * file for the person (a resource route: a page's action cannot answer with a file).
 */
export async function staffPrivacyDownload({ request, context }: ActionFunctionArgs, { user }: Granted) {
  const raw = await readForm(request);
  const parsed = signInSchema.safeParse({ email: raw.email });
  if (!parsed.success) return new Response("Give one email address in the correct format.\n", { status: 400, headers: { ...NO_STORE, "Content-Type": "text/plain; charset=utf-8" } });
  const email = parsed.data.email;
  const everything = findEverything(context.db, email);
  appendAudit(context.db, { ...auditActor(user), action: "privacy.downloaded", subjectType: "privacy", subjectId: null, detail: { address: addressHash(context.secrets[0]!, email).slice(0, 12) } });
  return new Response(`${JSON.stringify({ exportedAt: new Date().toISOString(), ...everything }, null, 2)}\n`, {
    headers: { ...NO_STORE, "Content-Type": "application/json; charset=utf-8", "Content-Disposition": 'attachment; filename="pwcop-data.json"' },
  });
}
