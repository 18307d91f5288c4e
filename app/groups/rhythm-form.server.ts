/**
 * A group's meeting rhythm as the group forms carry it (strings, one field
 * each) and as it is stored: one conversion each way, for the convenor's
 * listing editor and the staff group form alike.
 */
import { RhythmSchema, type Rhythm } from "../../db/rhythm";

export interface RhythmFields {
  frequency: Rhythm["frequency"];
  weekday: string;
  week?: string | undefined;
  anchorDate?: string | undefined;
  start: string;
  end: string;
}

/** The stored rhythm from a form's checked values: the week only for monthly, the anchor date only for fortnightly. */
export function rhythmFromForm(v: RhythmFields): Rhythm {
  return RhythmSchema.parse({
    frequency: v.frequency,
    weekday: Number(v.weekday),
    ...(v.frequency === "monthly" ? { week: Number(v.week ?? "1") } : {}),
    ...(v.frequency === "fortnightly" ? { anchorDate: v.anchorDate } : {}),
    start: v.start,
    end: v.end,
  });
}

/** A stored rhythm as the form's fields show it. */
export function rhythmFormValues(r: Rhythm): Required<{ [K in keyof RhythmFields]: string }> {
  return {
    frequency: r.frequency,
    weekday: String(r.weekday),
    week: r.week === undefined ? "" : String(r.week),
    anchorDate: r.anchorDate ?? "",
    start: r.start,
    end: r.end,
  };
}
