import type { DirectoryPage } from "../groups/directory.server";
import { PIN_RADIUS } from "../map/constants";

interface GroupMapProps {
  map: DirectoryPage["map"];
  label: string;
  caption: string;
  scrollHint: string;
  legend: { open: string; full: string; forming: string; moved: string };
}

/**
 * The server-drawn map: land, state and region borders, and a pin per group
 * that meets in person. Each pin is a link to the group's page, named with
 * the group's name; the lists on the page are the text equivalent.
 */
export function GroupMap({ map, label, caption, scrollHint, legend }: GroupMapProps) {
  const moved = map.pins.some((p) => p.anchor);
  return (
    <figure className="group-map" aria-labelledby="group-map-caption">
      <div className="group-map__scroller">
        <svg
          className="group-map__svg"
          xmlns="http://www.w3.org/2000/svg"
          viewBox={`0 0 ${map.width} ${map.height}`}
          width={map.width}
          height={map.height}
          role="group"
          aria-label={label}
          data-map
        >
          <g aria-hidden="true">
            <rect className="group-map__sea" width={map.width} height={map.height} />
            {map.land.map((l) => (
              <path key={l.country} className="group-map__land" d={l.d} />
            ))}
            {map.highlight ? <path className="group-map__highlight" d={map.highlight} /> : null}
            <path className="group-map__borders" d={map.borders} />
            {map.labels.map((l) => (
              <text key={l.country} className="group-map__label" x={l.x} y={l.y} textAnchor={l.anchor}>
                {l.text}
              </text>
            ))}
            {map.pins.map((p) =>
              p.anchor ? (
                <g key={p.slug} className="group-map__leader">
                  <line x1={p.anchor.x} y1={p.anchor.y} x2={p.x} y2={p.y} />
                  <circle cx={p.anchor.x} cy={p.anchor.y} r={2} />
                </g>
              ) : null,
            )}
          </g>
          {map.pins.map((p) => (
            <a key={p.slug} href={`/groups/${p.slug}`} className={`group-map__pin group-map__pin--${p.status}`} aria-label={p.name} data-pin={p.slug}>
              <circle className="group-map__hit" cx={p.x} cy={p.y} r={PIN_RADIUS} />
              <circle className="group-map__dot" cx={p.x} cy={p.y} r={PIN_RADIUS - 5} />
            </a>
          ))}
        </svg>
      </div>
      <figcaption className="group-map__caption" id="group-map-caption">
        {caption} <span className="group-map__scroll-hint">{scrollHint}</span>
        <ul className="group-map__legend" aria-hidden="true">
          <li>
            <span className="group-map__key group-map__key--open" /> {legend.open}
          </li>
          <li>
            <span className="group-map__key group-map__key--full" /> {legend.full}
          </li>
          <li>
            <span className="group-map__key group-map__key--forming" /> {legend.forming}
          </li>
          {moved ? <li className="group-map__legend-moved">{legend.moved}</li> : null}
        </ul>
      </figcaption>
    </figure>
  );
}
