/**
 * The funnel by week, drawn on the server: for each week a bar for starts
 * and one for each result. Counts from 1 to 4 are short hatched stubs whose
 * height tells nothing; each bar's title says "fewer than 5". An image with
 * a title; the week-by-week table after it has the same numbers.
 */
interface FunnelChartProps {
  chart: {
    width: number;
    height: number;
    left: number;
    right: number;
    baseline: number;
    ticks: { y: number; label: string }[];
    bars: { key: string; series: string; stub: boolean; x: number; y: number; width: number; height: number; title: string }[];
    xLabels: { key: string; x: number; text: string }[];
    legend: { series: string; label: string }[];
  };
  label: string;
  note: string;
}

export function FunnelChart({ chart, label, note }: FunnelChartProps) {
  return (
    <figure className="funnel-chart" aria-labelledby="funnel-chart-caption">
      <svg className="funnel-chart__svg" xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${chart.width} ${chart.height}`} role="img" aria-labelledby="funnel-chart-title" data-funnel-chart>
        <title id="funnel-chart-title">{label}</title>
        <defs>
          <pattern id="funnel-chart-hatch" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="4" height="4" fill="#fff" />
            <line x1="0" y1="0" x2="0" y2="4" stroke="#1f2a24" strokeWidth="2" />
          </pattern>
        </defs>
        {chart.ticks.map((t) => (
          <g key={t.label} className="funnel-chart__tick">
            <line x1={chart.left} x2={chart.width - chart.right} y1={t.y} y2={t.y} />
            <text x={chart.left - 6} y={t.y + 4} textAnchor="end">
              {t.label}
            </text>
          </g>
        ))}
        {chart.bars.map((b) =>
          b.height > 0 ? (
            <rect key={b.key} className={`funnel-chart__bar funnel-chart__bar--${b.series}${b.stub ? " funnel-chart__bar--stub" : ""}`} x={b.x} y={b.y} width={b.width} height={b.height}>
              <title>{b.title}</title>
            </rect>
          ) : null,
        )}
        <line className="funnel-chart__axis" x1={chart.left} x2={chart.width - chart.right} y1={chart.baseline} y2={chart.baseline} />
        {chart.xLabels.map((l) => (
          <text key={l.key} className="funnel-chart__x" x={l.x} y={chart.baseline + 18} textAnchor="middle">
            {l.text}
          </text>
        ))}
      </svg>
      <figcaption className="funnel-chart__caption" id="funnel-chart-caption">
        <ul className="funnel-chart__legend">
          {chart.legend.map((l) => (
            <li key={l.series}>
              <span className={`funnel-chart__key funnel-chart__key--${l.series}`} aria-hidden="true" /> {l.label}
            </li>
          ))}
        </ul>
        {note}
      </figcaption>
    </figure>
  );
}
