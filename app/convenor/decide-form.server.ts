/**
 * A decision posted from a request's page, by its convenor or by staff on a
 * convenor's behalf: the form checked with the one schema both pages use,
 * then the one decision path (app/join/decisions.server.ts).
 */
import type { User } from "../../db/queries/users";
import type { ConvenorDecision, JoinRequestStatus } from "../../machines/join-request";
import type { Services } from "../context";
import { applyDecision } from "../join/decisions.server";
import type { RawForm } from "../forms/form-data.server";
import { fieldErrors } from "../forms/fields";
import { decisionSchema } from "./schemas";

export type DecideFromForm =
  | { ok: true; to: JoinRequestStatus }
  /**
   * Nothing changed. 400: the form's own errors; 422: an answer or reason this
   * role may not give (machines/join-request.ts DECISION_PERMISSIONS); 409:
   * the request moved on meanwhile, or cannot take that answer now. `errors`
   * are codes by field, shown next to the field.
   */
  | { ok: false; status: 400 | 409 | 422; errors: Record<string, string> };

export function decideFromForm(services: Pick<Services, "db" | "env" | "secrets">, requestId: number, user: Pick<User, "id" | "email" | "role">, raw: RawForm): DecideFromForm {
  const parsed = decisionSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, status: 400, errors: fieldErrors(parsed.error) };
  const v = parsed.data;
  const result = applyDecision(services, {
    requestId,
    decision: v.decision as ConvenorDecision,
    actor: { kind: "user", user },
    message: v.message ?? "",
    meetOn: v.meetOn ?? null,
    declineReason: v.declineReason ?? null,
  });
  if (result.ok) return { ok: true, to: result.to };
  if (result.reason === "refused") return { ok: false, status: 422, errors: { [result.field]: result.field === "declineReason" ? "reason_not_yours" : "decision_not_yours" } };
  return { ok: false, status: 409, errors: { decision: "not_allowed" } };
}
