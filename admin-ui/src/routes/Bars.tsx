/** A small bar chart of one series, drawn as SVG; the numbers are in the table beside it for screen readers. */
export function Bars({ values, label }: { values: number[]; label: string }) {
  const max = Math.max(1, ...values);
  const width = Math.max(values.length * 6, 60);
  return (
    <svg className="bars" viewBox={`0 0 ${width} 40`} width={width} height="40" role="img" aria-label={label}>
      {values.map((v, i) => (
        <rect key={i} x={i * 6} y={40 - (v / max) * 40} width="4" height={(v / max) * 40} />
      ))}
    </svg>
  );
}
