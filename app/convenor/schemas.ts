/**
 * The convenor area's forms, shared by the server and the browser. Messages
 * are error codes; the copy for each is in content/convenor.json.
 */
import * as z from "zod/mini";
import { plainText } from "../utils/plain-text-rule";
import { CONVENOR_DECISIONS, DECLINE_REASONS } from "../../machines/join-request";
import { textProblem } from "../utils/plain-text";
import { DECIDE_MESSAGE_MAX } from "../join/decide-schema";


const emptyToUndefined = (v: unknown) => (v === "" ? undefined : v);

/** One answer to a join request, from its page. */
export const decisionSchema = z
  .object({
    decision: z.enum(CONVENOR_DECISIONS, { error: "not_allowed" }),
    message: z.optional(z.string().check(plainText(textProblem), z.trim(), z.maxLength(DECIDE_MESSAGE_MAX, { error: "too_long" }))),
    meetOn: z.pipe(z.transform(emptyToUndefined), z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, { error: "date" })))),
    declineReason: z.pipe(z.transform(emptyToUndefined), z.optional(z.enum(DECLINE_REASONS, { error: "reason" }))),
  })
  .check(
    z.superRefine((v, ctx) => {
      if (v.decision === "declined" && !v.declineReason) ctx.issues.push({ code: "custom", message: "reason", path: ["declineReason"], input: v.declineReason });
      if (v.meetOn && Number.isNaN(Date.parse(`${v.meetOn}T00:00:00Z`))) ctx.issues.push({ code: "custom", message: "date", path: ["meetOn"], input: v.meetOn });
    }),
  );
export type DecisionForm = z.infer<typeof decisionSchema>;
