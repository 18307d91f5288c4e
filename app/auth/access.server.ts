/**
 * Enforces a route's access declaration (access.ts) before its loader or
 * action runs, and hands the handler what it found:
 *
 *   export const access = { role: "convenor", group: "slug" } satisfies Access;
 *   export const loader = withAccess(access, groupLoader);
 *
 * The answers are those of session.server.ts: signed out, 303 to /sign-in
 * (to come back); signed in without the role, 403; a record of another group,
 * 404 exactly like a record that does not exist.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getJoinRequestDetails, type JoinRequestDetails } from "../../db/queries/join-requests";
import { getListing, type Listing } from "../../db/queries/listings";
import type { Access, GroupFrom } from "./access";
import { notFound, requireBackOffice, requireConvenorOf, requireStaff, requireUser, type SignedIn } from "./session.server";

type Args = LoaderFunctionArgs | ActionFunctionArgs;

/** What each way of finding a group finds: the record, whose group decides. */
interface Records {
  slug: Listing;
  request: JoinRequestDetails;
}

const SLUG = /^[a-z0-9-]{1,80}$/;
const ID = /^\d{1,12}$/;

/** How the server finds the group of a `group` declaration, from the route's params. */
const RESOLVERS: { [K in GroupFrom]: (args: Args) => { groupId: number; record: Records[K] } | undefined } = {
  slug: ({ params, context }) => {
    const listing = params.slug && SLUG.test(params.slug) ? getListing(context.db, params.slug) : undefined;
    return listing && { groupId: listing.id, record: listing };
  },
  request: ({ params, context }) => {
    const details = params.id && ID.test(params.id) ? getJoinRequestDetails(context.db, Number(params.id)) : undefined;
    return details && { groupId: details.group.id, record: details };
  },
};

/** The signed-in user, and for a `group` declaration, the record the group was found from. */
export type Granted<A extends Access = Access> = SignedIn & (A extends { group: infer K extends GroupFrom } ? { record: Records[K] } : unknown);
/** What a handler behind `{ role: "convenor", group: K }` receives. */
export type GrantedRecord<K extends GroupFrom> = Granted<{ role: "convenor"; group: K }>;

/** Checks `access` for this request: returns what was found, or throws the answer (303, 403 or 404). */
export async function grant<A extends Access>(access: A, args: Args): Promise<Granted<A>> {
  return (await check(access, args)) as Granted<A>;
}

async function check(access: Access, { request, context, params }: Args): Promise<SignedIn & { record?: Records[GroupFrom] }> {
  if (access.role === "any") return requireUser(request, context);
  if (access.role === "staff") return requireStaff(request, context);
  if (!access.group) return requireBackOffice(request, context);
  await requireUser(request, context);
  const found = RESOLVERS[access.group]({ request, context, params });
  // The same 404 for "no such record" and "not your group": nothing is learnt by guessing.
  const signedIn = await requireConvenorOf(request, context, found?.groupId ?? -1);
  if (!found) throw notFound();
  return { ...signedIn, record: found.record };
}

const declared = new WeakMap<object, Access>();

/** A loader or action that runs `handler` only once `access` is granted, with what was granted. */
export function withAccess<A extends Access, T extends Args, R>(access: A, handler: (args: T, granted: Granted<A>) => R): (args: T) => Promise<Awaited<R>> {
  const wrapped = async (args: T): Promise<Awaited<R>> => await handler(args, await grant(access, args));
  declared.set(wrapped, access);
  return wrapped;
}

/** The declaration a loader or action was wrapped with, if it was. */
export const accessOf = (fn: unknown): Access | undefined => (typeof fn === "function" ? declared.get(fn) : undefined);
