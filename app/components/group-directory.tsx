import type { DirectoryCard as Card, DirectoryLoaderData } from "../groups/directory.server";
import { ErrorSummary } from "./error-summary";
import { ChoiceGroup, TextField } from "./fields";
import { GroupMap } from "./group-map";
import { Markdown } from "./markdown";
import { YourTime, YourTimeScript, ZoneForm } from "./your-time";

type DirectoryCopy = DirectoryLoaderData["copy"];

/**
 * One group in the lists: its name (a link to its page), area and distance,
 * rhythm and status; online groups add their next meeting in the group's zone
 * and in "your time". On a phone the plainer facts drop their labels, so a
 * card is a few short lines.
 */
function DirectoryCard({ group, copy, level, choose, yourTimeLabel }: { group: Card; copy: DirectoryCopy; level: 3 | 4; choose: string; yourTimeLabel: string }) {
  const H = level === 3 ? "h3" : "h4";
  const c = copy.card;
  return (
    <li className="group-card group-card--directory" data-group={group.slug} data-status={group.status}>
      <H className="group-card__name">
        <a href={`/groups/${group.slug}`}>{group.name}</a>
      </H>
      <dl className="group-card__facts">
        <div className="group-card__fact group-card__fact--plain">
          <dt>{c.status}</dt>
          <dd>
            <strong className={`tag tag--${group.status}`}>{group.statusLabel}</strong>
          </dd>
        </div>
        {group.format !== "online" ? (
          <div className="group-card__fact group-card__fact--plain">
            <dt>{c.area}</dt>
            <dd>
              {group.suburb}, {group.region}
              {group.distanceKm !== null ? <> · {copy.distance.replace("{km}", String(group.distanceKm))}</> : null}
            </dd>
          </div>
        ) : null}
        <div className="group-card__fact group-card__fact--plain">
          <dt>{c.meets}</dt>
          <dd>{group.rhythm}</dd>
        </div>
        {group.formatLabel ? (
          <div className="group-card__fact group-card__fact--plain">
            <dt>{c.format}</dt>
            <dd>{group.formatLabel}</dd>
          </div>
        ) : null}
        {group.next ? (
          <>
            <div className="group-card__fact">
              <dt>{c.next}</dt>
              <dd>{group.next.groupTime}</dd>
            </div>
            <div className="group-card__fact">
              <dt>{yourTimeLabel}</dt>
              <dd>
                <YourTime time={group.next.yourTime} choose={choose} />
              </dd>
            </div>
          </>
        ) : null}
      </dl>
      {group.status === "full" ? <p className="hint group-card__note">{copy.fullNote}</p> : null}
    </li>
  );
}

/**
 * Find a group: a GET form (place, state or region, format), then the map,
 * then the groups that meet in person and the online groups. Plain links and
 * forms throughout, so it works the same with or without JavaScript.
 */
export function GroupDirectory({ d }: { d: DirectoryLoaderData }) {
  const { page, copy } = d;
  const { query, place, regions } = page;
  const zone = d.zoneForm;
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

      {page.map.pins.length > 0 || page.map.place ? <GroupMap map={page.map} copy={d.mapCopy} /> : null}

      <section aria-labelledby="in-person-heading" className="group-section" data-section="in-person">
        <h2 className="heading-l" id="in-person-heading">
          {d.heading.inPerson}
        </h2>
        {page.inPerson.length ? (
          page.inPersonSections.map((s) =>
            s.heading ? (
              <section key={s.id} aria-labelledby={s.id} className="group-region" data-region={s.id}>
                <h3 className="heading-m group-region__heading" id={s.id}>
                  {s.heading}
                </h3>
                <ul className="group-list">
                  {s.cards.map((g) => (
                    <DirectoryCard key={g.slug} group={g} copy={copy} level={4} choose={zone.copy.choose} yourTimeLabel={zone.copy.label} />
                  ))}
                </ul>
              </section>
            ) : (
              <ul key={s.id} className="group-list">
                {s.cards.map((g) => (
                  <DirectoryCard key={g.slug} group={g} copy={copy} level={3} choose={zone.copy.choose} yourTimeLabel={zone.copy.label} />
                ))}
              </ul>
            ),
          )
        ) : (
          <p className="body">{copy.noneInPerson}</p>
        )}
      </section>

      <section aria-labelledby="online-heading" className="group-section" data-section="online">
        <h2 className="heading-l" id="online-heading">
          {d.heading.online}
        </h2>
        {page.online.length ? (
          <>
            <p className="body">{d.onlineLead}</p>
            <ZoneForm form={zone} action="/groups" />
            <ul className="group-list">
              {page.online.map((g) => (
                <DirectoryCard key={g.slug} group={g} copy={copy} level={3} choose={zone.copy.choose} yourTimeLabel={zone.copy.label} />
              ))}
            </ul>
            <YourTimeScript source={zone.source} />
          </>
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
