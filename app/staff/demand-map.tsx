/**
 * Where people wait, on the same server-drawn base map as Find a group
 * (app/map/map.server.ts: land, borders and country names, projected once):
 * a circle per area, larger for more people, orange at or above the
 * threshold. An image with a title; the table beside it is its text version.
 */
interface DemandMapProps {
  map: {
    width: number;
    height: number;
    land: { country: string; d: string }[];
    borders: string;
    labels: { country: string; anchor: "middle" | "end"; x: number; y: number; text: string }[];
    circles: { key: number; x: number; y: number; r: number; above: boolean; title: string }[];
  };
  label: string;
  caption: string;
  legend: { below: string; above: string };
}

export function DemandMap({ map, label, caption, legend }: DemandMapProps) {
  return (
    <figure className="demand-map" aria-labelledby="demand-map-caption">
      <svg className="demand-map__svg" xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${map.width} ${map.height}`} role="img" aria-labelledby="demand-map-title" data-demand-map>
        <title id="demand-map-title">{label}</title>
        <rect className="group-map__sea" width={map.width} height={map.height} />
        {map.land.map((l) => (
          <path key={l.country} className="group-map__land" d={l.d} />
        ))}
        <path className="group-map__borders" d={map.borders} />
        {map.labels.map((l) => (
          <text key={l.country} className="group-map__label" x={l.x} y={l.y} textAnchor={l.anchor}>
            {l.text}
          </text>
        ))}
        {map.circles.map((c) => (
          <circle key={c.key} className={`demand-map__area${c.above ? " demand-map__area--above" : ""}`} cx={c.x} cy={c.y} r={c.r} data-area={c.key}>
            <title>{c.title}</title>
          </circle>
        ))}
      </svg>
      <figcaption className="demand-map__caption" id="demand-map-caption">
        {caption}
        <ul className="demand-map__legend">
          <li>
            <span className="demand-map__key" aria-hidden="true" /> {legend.below}
          </li>
          <li>
            <span className="demand-map__key demand-map__key--above" aria-hidden="true" /> {legend.above}
          </li>
        </ul>
      </figcaption>
    </figure>
  );
}
