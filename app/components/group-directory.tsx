import type { DirectoryLoaderData } from "../groups/directory.server";
import { ErrorSummary } from "./error-summary";
import { ChoiceGroup, TextField } from "./fields";
import { GroupCard } from "./group-card";
import { GroupMap } from "./group-map";
import { Markdown } from "./markdown";

/**
 * Find a group: a GET form (place, state or region, format), then the map,
 * then the groups that meet in person and the online groups. Plain links and
 * forms throughout, so it works the same with or without JavaScript.
 */
export function GroupDirectory({ d }: { d: DirectoryLoaderData }) {
  const { page, copy } = d;
  const { query, place, regions } = page;
  const labels = { askToJoin: "", joinWaitingList: "", distance: copy.distance, fullNote: copy.fullNote };
  return (
    <>
      <h1 className="heading-xl">{copy.title}</h1>
      <ErrorSummary title={copy.errorSummaryTitle} errors={d.placeError ? [{ field: "near", message: d.placeError }] : []} focusKey={query.near} />
      <p className="lead">{copy.lead}</p>

      {place.kind === "choose" ? (
        <form method="get" action="/groups" className="group-choose" data-choose-place>
          <input type="hidden" name="near" value={query.near} />
          {query.region ? <input type="hidden" name="region" value={query.region} /> : null}
          {query.format ? <input type="hidden" name="format" value={query.format} /> : null}
          <ChoiceGroup
            type="radio"
            name="area"
            legend={<span className="heading-m">{d.chooseTitle}</span>}
            hint={copy.choose.hint}
            choices={place.candidates.map((c) => ({ value: c.id, label: c.label }))}
            small
          />
          <div className="button-group">
            <button type="submit" className="button">
              {copy.choose.button}
            </button>
            <a href="#field-near-input" className="group-search__clear">
              {copy.choose.other}
            </a>
          </div>
        </form>
      ) : null}

      <form method="get" action="/groups" className="group-search" role="search" aria-label={copy.searchLabel}>
        <TextField name="near" label={copy.near.label} hint={copy.near.hint} error={d.placeError ?? undefined} value={query.near} width="20" spellCheck={false} />
        <div className="group-search__filters">
          <div className="form-group">
            <label className="label" htmlFor="field-region-input">
              {copy.region.label}
            </label>
            <select className="select" id="field-region-input" name="region" defaultValue={query.region}>
              <option value="">{copy.region.any}</option>
              <optgroup label={copy.region.australia}>
                {regions.australia.map((r) => (
                  <option key={r.value} value={r.value}>
                    {r.label}
                  </option>
                ))}
              </optgroup>
              <optgroup label={copy.region.newZealand}>
                {regions.newZealand.map((r) => (
                  <option key={r.value} value={r.value}>
                    {r.label}
                  </option>
                ))}
              </optgroup>
            </select>
          </div>
          <div className="form-group">
            <label className="label" htmlFor="field-format-input">
              {copy.format.label}
            </label>
            <select className="select" id="field-format-input" name="format" defaultValue={query.format}>
              <option value="">{copy.format.any}</option>
              <option value="in_person">{copy.format.in_person}</option>
              <option value="online">{copy.format.online}</option>
            </select>
          </div>
        </div>
        <div className="button-group">
          <button type="submit" className="button">
            {copy.button}
          </button>
          {query.near || query.region || query.format || query.areaId ? (
            <a className="group-search__clear" href="/groups">
              {copy.clear}
            </a>
          ) : null}
        </div>
      </form>


      {d.sortedNear ? (
        <p className="body group-search__sorted" data-sorted-near>
          <strong>{d.sortedNear}</strong>
        </p>
      ) : null}

      {page.map.pins.length > 0 ? (
        <GroupMap map={page.map} label={copy.mapLabel} caption={copy.mapCaption} scrollHint={copy.mapScroll} legend={copy.mapLegend} />
      ) : null}

      <section aria-labelledby="in-person-heading" className="group-section" data-section="in-person">
        <h2 className="heading-l" id="in-person-heading">
          {d.heading.inPerson}
        </h2>
        {page.inPerson.length ? (
          <ul className="group-list">
            {page.inPerson.map((g) => (
              <GroupCard key={g.slug} group={g} labels={labels} href={`/groups/${g.slug}`} />
            ))}
          </ul>
        ) : (
          <p className="body">{copy.noneInPerson}</p>
        )}
      </section>

      <section aria-labelledby="online-heading" className="group-section" data-section="online">
        <h2 className="heading-l" id="online-heading">
          {d.heading.online}
        </h2>
        <p className="body">{d.onlineLead}</p>
        {page.online.length ? (
          <ul className="group-list">
            {page.online.map((g) => (
              <GroupCard key={g.slug} group={g} labels={labels} href={`/groups/${g.slug}`} />
            ))}
          </ul>
        ) : (
          <p className="body">{copy.noneOnline}</p>
        )}
      </section>

      {page.filtered ? <p className="body">{copy.filteredOut}</p> : null}
      <div className="group-directory__notes">
        <Markdown blocks={[{ t: "p", c: d.notes.newsletter }]} />
        <Markdown blocks={[{ t: "p", c: d.notes.checkFirst }]} />
      </div>
    </>
  );
}
