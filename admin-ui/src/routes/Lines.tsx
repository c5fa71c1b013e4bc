/** One line of a chart: its name (in the legend) and a value per interval. */
export type Line = { name: string; values: number[]; dashed?: boolean };

/**
 * A line chart of a period against the period before, drawn as SVG: the current line solid, the earlier one dashed,
 * on one scale. The numbers are in the table beside it for screen readers; the chart is an image with a summary label.
 */
export function Lines({ lines, label, height = 80 }: { lines: Line[]; label: string; height?: number }) {
  const width = 320;
  const longest = Math.max(2, ...lines.map((l) => l.values.length));
  const max = Math.max(1, ...lines.flatMap((l) => l.values));
  const x = (i: number) => (i / (longest - 1)) * (width - 4) + 2;
  const y = (v: number) => height - 2 - (v / max) * (height - 4);
  return (
    <figure className="lines">
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" height={height} role="img" aria-label={label} preserveAspectRatio="none">
        {lines.map((line) => (
          <polyline
            key={line.name}
            className={line.dashed ? 'line previous' : 'line'}
            points={line.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}
          />
        ))}
      </svg>
      <figcaption className="legend">
        {lines.map((line) => (
          <span key={line.name} className={line.dashed ? 'key previous' : 'key'}>
            {line.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
