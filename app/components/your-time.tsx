import type { ZoneFormData } from "../groups/viewer-zone.server";
import { useNonce } from "../utils/nonce";
import { KNOWN_ZONE_NAMES } from "../utils/time-zones";
import { yourTimeScript } from "../utils/your-time";

export const ZONE_SELECT_ID = "field-tz-input";

/**
 * One meeting in "your time": the text for the zone the server knows, or a
 * link to the zone choice when it knows none. With JavaScript the inline
 * script (YourTimeScript) rewrites it for the browser's zone.
 */
export function YourTime({ time, choose }: { time: { start: string; end: string | null; text: string | null }; choose: string }) {
  return (
    <span data-your-time data-start={time.start} data-end={time.end ?? undefined}>
      {time.text ?? <a href={`#${ZONE_SELECT_ID}`}>{choose}</a>}
    </span>
  );
}

/** "Show times in: <select> [Show]": a plain GET form, so it works without JavaScript; the server remembers the choice for the visit. */
export function ZoneForm({ form, action }: { form: ZoneFormData; action: string }) {
  const { copy, groups } = form;
  return (
    <form method="get" action={action} className="zone-form" data-zone-form>
      <p className="zone-form__status" data-your-zone={form.source === "choice" ? undefined : copy.status}>
        {form.status}
      </p>
      {form.hidden.map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className="zone-form__row">
        <div className="zone-form__field">
          <label className="label" htmlFor={ZONE_SELECT_ID}>
            {copy.formLabel}
          </label>
          <select className="select" id={ZONE_SELECT_ID} name="tz" defaultValue={form.selected} data-zone-select={form.source === "choice" ? undefined : ""}>
            {form.selected ? null : <option value="">{copy.placeholder}</option>}
            <optgroup label={copy.australia}>
              {groups.australia.map((z) => (
                <option key={z.value} value={z.value}>
                  {z.label}
                </option>
              ))}
            </optgroup>
            <optgroup label={copy.newZealand}>
              {groups.newZealand.map((z) => (
                <option key={z.value} value={z.value}>
                  {z.label}
                </option>
              ))}
            </optgroup>
            <optgroup label={copy.elsewhere}>
              {groups.elsewhere.map((z) => (
                <option key={z.value} value={z.value}>
                  {z.label}
                </option>
              ))}
            </optgroup>
          </select>
        </div>
        <button type="submit" className="button button--secondary zone-form__button">
          {copy.button}
        </button>
      </div>
    </form>
  );
}

/**
 * The small inline script that shows "your time" in the browser's own zone
 * (app/utils/your-time.ts), allowed by this response's CSP nonce. None when
 * the visitor chose a zone: their choice stands, and the page needs no script.
 */
export function YourTimeScript({ source }: { source: ZoneFormData["source"] }) {
  const nonce = useNonce();
  if (source === "choice") return null;
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: yourTimeScript(KNOWN_ZONE_NAMES) }} />;
}
