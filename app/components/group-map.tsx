import type { CSSProperties } from "react";
import type { DirectoryPage } from "../groups/directory.server";
import type { MapPoint } from "../map/map.server";

export interface GroupMapCopy {
  label: string;
  caption: string;
  legend: { open: string; full: string; forming: string; moved: string };
  /** "The map shows the area around …", when it is zoomed. */
  zoomed: string | null;
  /** The link back to the whole map, when it is zoomed. */
  whole: { href: string; text: string } | null;
}

const at = (p: MapPoint, anchor: "middle" | "end" = "middle"): CSSProperties =>
  anchor === "end" ? { right: `${(100 - p.left).toFixed(2)}%`, bottom: `${(100 - p.top).toFixed(2)}%` } : { left: `${p.left}%`, top: `${p.top}%` };

/** A pin's place in both layouts, as custom properties the stylesheet picks from (narrow, or wide once the map is wide enough). */
const pinStyle = (p: DirectoryPage["map"]["pins"][number]) =>
  ({ "--nx": `${p.at.narrow.left}%`, "--ny": `${p.at.narrow.top}%`, "--wx": `${p.at.wide.left}%`, "--wy": `${p.at.wide.top}%` }) as CSSProperties;

/**
 * The server-drawn map at the width of its column: land, state and region
 * borders as a decorative SVG, and over it a list of links, one pin per group
 * that meets in person, each named "<group>, <status>". The lists on the
 * page are the text equivalent. When the search has a place, the map shows
 * its area and marks it.
 */
export function GroupMap({ map, copy }: { map: DirectoryPage["map"]; copy: GroupMapCopy }) {
  const { view } = map;
  // The leader-line key, for whichever layouts have a pin moved aside.
  const moved = (["narrow", "wide"] as const).filter((layout) => map.leaders[layout].lines.length > 0);
  return (
    <figure className="group-map" aria-labelledby="group-map-caption">
      <div className="group-map__frame" data-map data-zoom={map.zoom ?? "none"}>
        <svg className="group-map__svg" xmlns="http://www.w3.org/2000/svg" viewBox={`${view.x} ${view.y} ${view.w} ${view.h}`} aria-hidden="true" focusable="false">
          <rect className="group-map__sea" x={view.x} y={view.y} width={view.w} height={view.h} />
          {map.land.map((l) => (
            <path key={l.country} className="group-map__land" d={l.d} />
          ))}
          {map.highlight ? <path className="group-map__highlight" d={map.highlight} /> : null}
          <path className="group-map__borders" d={map.borders} />
          {(["narrow", "wide"] as const).map((layout) => (
            <g key={layout} className={`group-map__leaders group-map__leaders--${layout}`}>
              {map.leaders[layout].lines.map((l) => (
                <g key={`${l.x1},${l.y1},${l.x2},${l.y2}`}>
                  <line x1={l.x1} y1={l.y1} x2={l.x2} y2={l.y2} />
                  <circle cx={l.x1} cy={l.y1} r={map.leaders[layout].dot} />
                </g>
              ))}
            </g>
          ))}
        </svg>
        {map.labels.map((l) => {
          const space = l.text.indexOf(" ");
          return (
            <span key={l.country} className={`group-map__label group-map__label--${l.anchor}`} style={at(l.at, l.anchor)} aria-hidden="true">
              {space > 0 ? (
                <>
                  <span className="group-map__label-part">{l.text.slice(0, space)}</span> {l.text.slice(space + 1)}
                </>
              ) : (
                l.text
              )}
            </span>
          );
        })}
        {map.place ? (
          <div className={`group-map__place group-map__place--${map.place.side}`} style={at(map.place.at)} role="img" aria-label={map.place.label} data-map-place>
            <span className="group-map__place-name">{map.place.name}</span>
          </div>
        ) : null}
        <ul className="group-map__pins" aria-label={copy.label}>
          {map.pins.map((p) => (
            <li key={p.slug}>
              <a href={`/groups/${p.slug}`} className={`group-map__pin group-map__pin--${p.status}`} style={pinStyle(p)} data-pin={p.slug}>
                <span className="visually-hidden">{p.label}</span>
              </a>
            </li>
          ))}
        </ul>
      </div>
      <figcaption className="group-map__caption" id="group-map-caption">
        {copy.zoomed ? (
          <span className="group-map__zoomed">
            {copy.zoomed}{" "}
            {copy.whole ? (
              <a href={copy.whole.href} data-map-whole>
                {copy.whole.text}
              </a>
            ) : null}
          </span>
        ) : null}{" "}
        <span className="group-map__about">{copy.caption}</span>
        <ul className="group-map__legend" aria-hidden="true">
          <li>
            <span className="group-map__key group-map__key--open" /> {copy.legend.open}
          </li>
          <li>
            <span className="group-map__key group-map__key--full" /> {copy.legend.full}
          </li>
          <li>
            <span className="group-map__key group-map__key--forming" /> {copy.legend.forming}
          </li>
          {moved.length ? <li className={`group-map__legend-moved ${moved.map((m) => `group-map__legend-moved--${m}`).join(" ")}`}>{copy.legend.moved}</li> : null}
        </ul>
      </figcaption>
    </figure>
  );
}
