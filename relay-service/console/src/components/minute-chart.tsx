// A hand-drawn SVG line chart of per-minute values (one line per series), with the same numbers as a table for screen readers.

export interface Series {
  name: string;
  /** A CSS class that colours the line and its legend swatch. */
  tone: string;
  values: number[];
}

const width = 600;
const height = 160;
const pad = { left: 36, right: 8, top: 8, bottom: 22 };

/** A y scale that ends on a round number: 1, 2, 5, 10, 20, 50, ... */
function roundMax(max: number): number {
  if (max <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * step).find((v) => v >= max)!;
}

/** `minutes` are the x labels (ISO times); every series has one value per minute. Empty `minutes`: "no data". */
export function MinuteChart({ title, minutes, series }: { title: string; minutes: string[]; series: Series[] }) {
  if (minutes.length === 0) {
    return <figure class="chart"><figcaption>{title}</figcaption><p class="no-data">No data</p></figure>;
  }
  const max = roundMax(Math.max(...series.flatMap((s) => s.values)));
  const x = (i: number) => pad.left + (minutes.length === 1 ? 0 : (i / (minutes.length - 1)) * (width - pad.left - pad.right));
  const y = (v: number) => height - pad.bottom - (v / max) * (height - pad.top - pad.bottom);
  const label = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  const totals = series.map((s) => `${s.name} ${s.values.reduce((a, b) => a + b, 0)}`).join(', ');
  const ticks = [0, Math.floor((minutes.length - 1) / 2), minutes.length - 1];
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${title}, ${label(minutes[0])} to ${label(minutes[minutes.length - 1])}: ${totals}`}>
        {(max % 2 === 0 ? [0, max / 2, max] : [0, max]).map((v) => (
          <g key={v}>
            <line class="grid" x1={pad.left} x2={width - pad.right} y1={y(v)} y2={y(v)} />
            <text class="axis" x={pad.left - 4} y={y(v) + 4} text-anchor="end">{v}</text>
          </g>
        ))}
        {ticks.map((i, n) => (
          <text key={i} class="axis" x={x(i)} y={height - 6} text-anchor={n === 0 ? 'start' : n === ticks.length - 1 ? 'end' : 'middle'}>{label(minutes[i])}</text>
        ))}
        {series.map((s) => (
          <polyline key={s.name} class={`line ${s.tone}`} points={s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ')} />
        ))}
      </svg>
      <ul class="legend">
        {series.map((s) => <li key={s.name}><span class={`swatch ${s.tone}`} aria-hidden="true" />{s.name}: {s.values.reduce((a, b) => a + b, 0)}</li>)}
      </ul>
      <details>
        <summary>{title} as a table</summary>
        <table>
          <thead><tr><th scope="col">Minute</th>{series.map((s) => <th scope="col" key={s.name}>{s.name}</th>)}</tr></thead>
          <tbody>
            {minutes.map((minute, i) => <tr key={minute}><th scope="row">{label(minute)}</th>{series.map((s) => <td key={s.name}>{s.values[i]}</td>)}</tr>)}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
