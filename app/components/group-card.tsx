import type { GroupCard as Card } from "../groups/groups.server";

export interface GroupCardLabels {
  askToJoin: string;
  joinWaitingList: string;
  distance: string;
  fullNote: string;
}

const FORMAT_LABEL = { in_person: "In person", online: "Online", hybrid: "In person and online" } as const;
const STATUS_LABEL = { open: "Open", full: "Full: waiting list", forming: "Forming", closed: "Closed" } as const;

/** One group in a list of matches: name (linking to its page), area, rhythm, format, status, and the way to ask to join. */
export function GroupCard({
  group,
  labels,
  joinHref,
  headingLevel = 3,
  href,
  primary = false,
  id,
}: {
  group: Card;
  labels: GroupCardLabels;
  joinHref?: string;
  headingLevel?: 2 | 3;
  /** The group's own page, linked from its name. */
  href?: string;
  /** Its join button is the page's first action. */
  primary?: boolean;
  /** The group's id, for the page's record of what it lists. */
  id?: number;
}) {
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <li className="group-card" data-group={group.slug} data-group-id={id}>
      <H className="group-card__name">{href ? <a href={href}>{group.name}</a> : group.name}</H>
      <dl className="group-card__facts">
        {group.format !== "online" ? (
          <div>
            <dt>Area</dt>
            <dd>
              {group.suburb}, {group.region}
              {group.distanceKm !== null ? <> · {labels.distance.replace("{km}", String(group.distanceKm))}</> : null}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Meets</dt>
          <dd>{group.rhythm}</dd>
        </div>
        {group.nextMeeting && group.format !== "in_person" ? (
          <div>
            <dt>Next meeting</dt>
            <dd>
              {group.nextMeeting.groupTime} ({group.nextMeeting.groupZone})
              {group.nextMeeting.viewerTime ? (
                <>
                  <br />
                  {group.nextMeeting.viewerTime} ({group.nextMeeting.viewerZone})
                </>
              ) : null}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Format</dt>
          <dd>{FORMAT_LABEL[group.format]}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <strong className={`tag tag--${group.status}`}>{STATUS_LABEL[group.status]}</strong>
          </dd>
        </div>
      </dl>
      {group.status === "full" ? <p className="hint">{labels.fullNote}</p> : null}
      {joinHref ? (
        <a className={primary ? "button" : "button button--secondary"} href={joinHref}>
          {group.status === "full" ? labels.joinWaitingList : labels.askToJoin}
          <span className="visually-hidden">: {group.name}</span>
        </a>
      ) : null}
    </li>
  );
}
