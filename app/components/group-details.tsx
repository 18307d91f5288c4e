import type { groupPage } from "../groups/group-page.server";
import { YourTime, YourTimeScript, ZoneForm } from "./your-time";
import { SummaryRow } from "./summary-list";

type GroupPageData = ReturnType<typeof groupPage>;

/** A group's public page: what, where (suburb only), when, who convenes it, and how to join. */
export function GroupDetails({ d }: { d: GroupPageData }) {
  const { copy, group } = d;
  const forming = group.status === "forming";
  return (
    <>
      <h1 className="heading-xl">{group.name}</h1>
      <p className="body">
        <strong className={`tag tag--${group.status}`} data-status={group.status}>
          {group.statusLabel}
        </strong>
      </p>
      {group.isDemo ? <p className="hint">{copy.demo}</p> : null}
      {group.paused ? (
        <p className="body" data-paused>
          {group.paused}
        </p>
      ) : null}
      {group.ownWords ? (
        <p className="body group-own-words" data-description>
          {group.ownWords}
        </p>
      ) : null}
      {group.confirmed ? (
        <p className="hint" data-confirmed>
          {group.confirmed}
        </p>
      ) : null}

      <dl className="summary-list group-facts">
        <SummaryRow label={copy.facts.area}>
          {group.area}
          {group.inPerson ? <span className="hint group-facts__note">{copy.areaNote}</span> : null}
        </SummaryRow>
        <SummaryRow label={copy.facts.format}>{group.format}</SummaryRow>
        <div className="summary-list__row">
          <dt className="summary-list__key">{forming ? copy.facts.plannedRhythm : copy.facts.rhythm}</dt>
          <dd className="summary-list__value" data-rhythm>
            {group.rhythm}
          </dd>
        </div>
        <SummaryRow label={copy.facts.timeZone}>{group.zone}</SummaryRow>
        <SummaryRow label={copy.facts.convenor}>{group.convenor}</SummaryRow>
      </dl>

      {forming ? (
        <section aria-labelledby="forming-heading">
          <h2 className="heading-l" id="forming-heading">
            {copy.formingHeading}
          </h2>
          <p className="body">{d.formingText}</p>
          <p className="body">
            <a href="/newsletter">{copy.formingLink}</a>
          </p>
        </section>
      ) : (
        <section aria-labelledby="next-heading">
          <h2 className="heading-l" id="next-heading">
            {copy.nextHeading}
          </h2>
          <p className="body">{d.nextTimes}</p>
          <ul className="list meeting-list" data-meetings>
            {d.meetings.map((m) => (
              <li key={m.datetime}>
                <time dateTime={m.datetime}>{m.date}</time>, {m.time}
                {m.yourTime && d.zoneForm ? (
                  <span className="meeting-list__yours">
                    {d.zoneForm.copy.label}: <YourTime time={m.yourTime} choose={d.zoneForm.copy.choose} />
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
          {d.zoneForm ? (
            <>
              <ZoneForm form={d.zoneForm} action={`/groups/${group.slug}`} />
              <YourTimeScript source={d.zoneForm.source} />
            </>
          ) : null}
          {d.calendarHref ? (
            <>
              <p className="body">
                <a href={d.calendarHref} download data-calendar-link>
                  {copy.calendarLink}
                </a>
              </p>
              <p className="hint">{copy.calendarHint}</p>
            </>
          ) : null}
        </section>
      )}

      {!forming ? (
        <section aria-labelledby="join-heading">
          <h2 className="heading-l" id="join-heading">
            {copy.joinHeading}
          </h2>
          <p className="body">{d.joinLead}</p>
          <div className="button-group">
            <a className="button" href="/eligibility">
              {copy.check}
            </a>
            <a className="button button--secondary" href={d.joinHref}>
              {group.status === "full" ? copy.askWaitingList : copy.ask}
            </a>
          </div>
        </section>
      ) : null}
    </>
  );
}
