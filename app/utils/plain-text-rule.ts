/**
 * A plain-text rule (./plain-text.ts) as a zod/mini check, run on the value
 * as sent, before trimming: a tab or line break at either end is refused like
 * one in the middle. The issue's message is the rule's error code, or the
 * form's own code for it (`rename`), so each form keeps its own copy.
 */
import * as z from "zod/mini";

export const plainText = (problem: (s: string) => string | undefined, rename: Readonly<Record<string, string>> = {}) =>
  z.superRefine<string>((value, ctx) => {
    const code = problem(value);
    if (code) ctx.issues.push({ code: "custom", message: rename[code] ?? code, input: value });
  });
