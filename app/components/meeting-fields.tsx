/**
 * When and how often a group meets, and how many it takes: the same fields,
 * in the same order, in the convenor's listing editor and the staff group
 * form. Plain fields that work without JavaScript; each form's zod schema
 * checks them.
 */
import { ChoiceGroup, SelectField, TextField } from "./fields";

type Field = { label: string; hint?: string };
type Week = "1" | "2" | "3" | "4" | "5" | "-1";

export interface MeetingFieldsCopy {
  fields: Record<"capacity" | "timeZone" | "frequency" | "weekday" | "week" | "anchorDate" | "start" | "end", Field>;
  options: {
    frequency: Record<"weekly" | "fortnightly" | "monthly", string>;
    weekday: string[];
    week: Record<Week, string>;
  };
}

const WEEKS: Week[] = ["1", "2", "3", "4", "5", "-1"];

export function MeetingFields({
  copy,
  zones,
  errors,
  value,
}: {
  copy: MeetingFieldsCopy;
  zones: { value: string; label: string }[];
  errors: Record<string, string | undefined>;
  value: (name: string) => string;
}) {
  const f = copy.fields;
  const o = copy.options;
  return (
    <>
      <TextField name="capacity" label={f.capacity.label} hint={f.capacity.hint} error={errors.capacity} value={value("capacity")} inputMode="numeric" width="10" />
      <SelectField name="timeZone" label={f.timeZone.label} error={errors.timeZone} value={value("timeZone")} options={zones} />
      <ChoiceGroup type="radio" name="frequency" legend={f.frequency.label} error={errors.frequency} value={value("frequency")} choices={(["weekly", "fortnightly", "monthly"] as const).map((x) => ({ value: x, label: o.frequency[x] }))} small />
      <SelectField name="weekday" label={f.weekday.label} error={errors.weekday} value={value("weekday")} options={o.weekday.map((label, i) => ({ value: String(i), label }))} />
      <SelectField name="week" label={f.week.label} hint={f.week.hint} error={errors.week} value={value("week")} options={WEEKS.map((x) => ({ value: x, label: o.week[x] }))} emptyLabel="" />
      <TextField name="anchorDate" label={f.anchorDate.label} hint={f.anchorDate.hint} error={errors.anchorDate} value={value("anchorDate")} width="10" />
      <TextField name="start" label={f.start.label} hint={f.start.hint} error={errors.start} value={value("start")} width="10" />
      <TextField name="end" label={f.end.label} hint={f.end.hint} error={errors.end} value={value("end")} width="10" />
    </>
  );
}
