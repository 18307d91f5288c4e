/**
 * A decision posted from a request's page, by its convenor or by staff on a
 * convenor's behalf: the form checked with the one schema both pages use,
 * then the one decision path (app/join/decisions.server.ts).
 */
import type { User } from "../../db/queries/users";
import type { ConvenorDecision, JoinRequestStatus } from "../../machines/join-request";
import type { Services } from "../context";
import { applyDecision } from "../join/decisions.server";
import type { RawForm } from "../wizard/form-data.server";
import { fieldErrors } from "../wizard/schemas";
import { decisionSchema } from "./schemas";

export type DecideFromForm =
  | { ok: true; to: JoinRequestStatus }
  /** The form's own errors (a 400): shown next to its fields. */
  | { ok: false; invalid: Record<string, string> }
  /** The request moved on meanwhile, or the answer is not one it can take now (a 409). */
  | { ok: false; invalid: null };

export function decideFromForm(services: Pick<Services, "db" | "env" | "secrets">, requestId: number, user: Pick<User, "id" | "email" | "role">, raw: RawForm): DecideFromForm {
  const parsed = decisionSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, invalid: fieldErrors(parsed.error) };
  const v = parsed.data;
  const result = applyDecision(services, {
    requestId,
    decision: v.decision as ConvenorDecision,
    actor: { kind: "user", user },
    message: v.message ?? "",
    meetOn: v.meetOn ?? null,
    declineReason: v.declineReason ?? null,
  });
  return result.ok ? { ok: true, to: result.to } : { ok: false, invalid: null };
}
