/**
 * A card's `chart` element drawn as inline SVG from its VChart spec: line, area, bar and pie from
 * `data.values` with xField / yField / seriesField (or categoryField / valueField), the spec's
 * `color` list, `point.visible` and horizontal `markLine`s (a target). Not VChart — enough to see
 * whether the numbers and their shape are right. Other types show their data table.
 */
import { esc } from './escape';

type Row = Record<string, unknown>;
const PALETTE = [
  '#1664ff',
  '#1ac6ff',
  '#ff8a00',
  '#3cc780',
  '#7442d4',
  '#ffc400',
  '#304d77',
  '#b48deb',
  '#009488',
  '#ff7da0',
];
const W = 560;
const RATIOS: Record<string, number> = { '16:9': 9 / 16, '4:3': 3 / 4, '2:1': 1 / 2, '1:1': 1 };

function rowsOf(spec: Row): Row[] {
  const data = spec.data;
  const list = Array.isArray(data) ? data : data ? [data] : [];
  return list.flatMap((d) =>
    d && typeof d === 'object' && Array.isArray((d as Row).values) ? ((d as Row).values as Row[]) : [],
  );
}

const field = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const fmt = (n: number): string => (Math.abs(n) >= 10000 ? `${+(n / 10000).toFixed(1)}万` : String(+n.toFixed(2)));

/** A round upper bound and step for an axis from 0 (or a negative minimum) to max. */
export function niceScale(min: number, max: number, ticks = 4): { lo: number; hi: number; step: number } {
  if (!(max > min)) max = min + 1;
  const raw = (max - min) / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  return { lo: Math.floor(min / step) * step, hi: Math.ceil(max / step) * step, step };
}

interface MarkLine {
  y: number;
  text?: string;
  stroke: string;
  dash: boolean;
}

/** The spec's horizontal mark lines (`markLine: [{ y, label: { text }, line: { style } }]`). */
function markLines(spec: Row): MarkLine[] {
  const list = Array.isArray(spec.markLine) ? spec.markLine : spec.markLine ? [spec.markLine] : [];
  return (list as Row[]).flatMap((m) => {
    const y = m && typeof m === 'object' ? num(m.y) : NaN;
    if (!Number.isFinite(y)) return [];
    const label = (m.label ?? {}) as Row;
    const style = (((m.line ?? {}) as Row).style ?? {}) as Row;
    return [
      {
        y,
        ...(label.visible !== false && typeof label.text === 'string' ? { text: label.text } : {}),
        stroke: typeof style.stroke === 'string' ? style.stroke : '#f54a45',
        dash: Array.isArray(style.lineDash) && style.lineDash.length > 0,
      },
    ];
  });
}

const colorsOf = (spec: Row): string[] =>
  Array.isArray(spec.color) && spec.color.every((c) => typeof c === 'string') && spec.color.length
    ? (spec.color as string[])
    : PALETTE;

/** The value axis as VChart draws it: from zero unless the spec's axis says `zero: false` or gives min / max. */
function valueScale(spec: Row, orient: string, values: number[]): { lo: number; hi: number; step: number } {
  const axes = Array.isArray(spec.axes) ? (spec.axes as Row[]) : [];
  const axis = axes.find((a) => a && a.orient === orient) ?? {};
  const fromZero = axis.zero !== false;
  const dataMin = Math.min(...values);
  const dataMax = Math.max(...values);
  const min = typeof axis.min === 'number' ? axis.min : fromZero ? Math.min(0, dataMin) : dataMin;
  const max = typeof axis.max === 'number' ? axis.max : fromZero ? Math.max(0, dataMax) : dataMax;
  return niceScale(min, max);
}

function titleOf(spec: Row): string | undefined {
  const t = spec.title as Row | undefined;
  return t && typeof t.text === 'string' && t.visible !== false ? t.text : undefined;
}

function frame(spec: Row, aspect: string, inner: (h: number) => string): string {
  const h = Math.round(W * (RATIOS[aspect] ?? RATIOS['16:9']!));
  const title = titleOf(spec);
  return `<figure class="chart">${title ? `<figcaption>${esc(title)}</figcaption>` : ''}<svg viewBox="0 0 ${W} ${h}" role="img" aria-label="${esc(title ?? String(spec.type))}">${inner(h)}</svg></figure>`;
}

/**
 * A chart element as the console shows it: the spec itself (data-vchart), which the page draws
 * with VChart — the library Feishu's clients draw chart_spec with — when it could load it, over
 * the SVG drawing below, which stays as the fallback (no VChart installed, no script).
 */
export function renderChartElement(spec: unknown, aspect = '16:9'): string {
  const svg = renderChart(spec, aspect);
  if (!spec || typeof spec !== 'object') return svg;
  const ratio = RATIOS[aspect] ?? RATIOS['16:9']!;
  return `<div class="vchart" data-vchart="${esc(JSON.stringify(spec))}" data-ratio="${ratio}">${svg}</div>`;
}

export function renderChart(spec: unknown, aspect = '16:9'): string {
  if (!spec || typeof spec !== 'object') return '<div class="unsupported">[图表：没有 chart_spec]</div>';
  const s = spec as Row;
  const rows = rowsOf(s);
  const type = String(s.type ?? '');
  if (rows.length === 0) return `<div class="unsupported">[图表 ${esc(type)}：没有数据]</div>`;
  if (type === 'pie') return pie(s, rows, aspect);
  if (type === 'line' || type === 'area' || type === 'bar') return cartesian(s, rows, aspect, type);
  return `<div class="unsupported">[图表类型 ${esc(type || '?')} 暂不能预览，数据如下]</div>${dataTable(rows)}`;
}

function dataTable(rows: Row[]): string {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const body = rows
    .slice(0, 30)
    .map((r) => `<tr>${keys.map((k) => `<td>${esc(r[k])}</td>`).join('')}</tr>`)
    .join('');
  return `<table class="card-table"><tr>${keys.map((k) => `<th>${esc(k)}</th>`).join('')}</tr>${body}</table>`;
}

function legend(names: string[], y: number, colors: string[] = PALETTE): string {
  if (names.length < 2) return '';
  let x = 50;
  return names
    .map((n, i) => {
      const out = `<rect x="${x}" y="${y - 9}" width="10" height="10" rx="2" fill="${colors[i % colors.length]}"/><text x="${x + 14}" y="${y}" class="ch-legend">${esc(n)}</text>`;
      x += 30 + n.length * 15;
      return out;
    })
    .join('');
}

function cartesian(spec: Row, rows: Row[], aspect: string, type: 'line' | 'area' | 'bar'): string {
  const horizontal = type === 'bar' && spec.direction === 'horizontal';
  let xf = field(spec.xField);
  let yf = field(spec.yField);
  if (horizontal) [xf, yf] = [yf, xf];
  const sf =
    typeof spec.seriesField === 'string'
      ? spec.seriesField
      : Array.isArray(spec.xField) && typeof spec.xField[1] === 'string'
        ? spec.xField[1]
        : undefined;
  if (!xf || !yf) return `<div class="unsupported">[图表缺少 xField / yField]</div>${dataTable(rows)}`;
  const cats = [...new Set(rows.map((r) => String(r[xf!])))];
  const series = sf ? [...new Set(rows.map((r) => String(r[sf])))] : [yf];
  const value = (cat: string, ser: string) => {
    const r = rows.find((row) => String(row[xf!]) === cat && (!sf || String(row[sf]) === ser));
    const v = r ? num(r[yf!]) : NaN;
    return Number.isFinite(v) ? v : undefined;
  };
  const marks = horizontal ? [] : markLines(spec);
  const colors = colorsOf(spec);
  const dots = !(spec.point && typeof spec.point === 'object' && (spec.point as Row).visible === false);
  // A target line is worth seeing even when every value is on one side of it.
  const all = [...rows.map((r) => num(r[yf!])), ...marks.map((m) => m.y)].filter(Number.isFinite);
  const { lo, hi, step } = valueScale(spec, horizontal ? 'bottom' : 'left', all);

  return frame(spec, aspect, (h) => {
    const left = 52;
    const right = W - 16;
    const top = 16;
    const bottom = h - (series.length > 1 ? 50 : 30);
    const y = (v: number) => bottom - ((v - lo) / (hi - lo)) * (bottom - top);
    const band = (right - left) / cats.length;
    const cx = (i: number) => left + band * (i + 0.5);
    let out = '';
    for (let v = lo; v <= hi + step / 2; v += step) {
      out += `<line x1="${left}" x2="${right}" y1="${y(v)}" y2="${y(v)}" class="ch-grid"/><text x="${left - 6}" y="${y(v) + 4}" class="ch-axis" text-anchor="end">${esc(fmt(v))}</text>`;
    }
    const every = Math.ceil(cats.length / Math.floor((right - left) / 56));
    cats.forEach((c, i) => {
      if (i % every === 0)
        out += `<text x="${cx(i)}" y="${bottom + 19}" class="ch-axis" text-anchor="middle">${esc(c.length > 8 ? c.slice(0, 7) + '…' : c)}</text>`;
    });
    series.forEach((ser, si) => {
      const color = colors[si % colors.length]!;
      if (type === 'bar') {
        const bw = Math.max(2, (band * 0.7) / series.length);
        cats.forEach((c, i) => {
          const v = value(c, ser);
          if (v === undefined) return;
          const x = cx(i) - (bw * series.length) / 2 + bw * si;
          const [y0, y1] = [y(Math.max(0, lo)), y(v)];
          out += `<rect x="${x.toFixed(1)}" y="${Math.min(y0, y1).toFixed(1)}" width="${(bw - 1).toFixed(1)}" height="${Math.abs(y0 - y1).toFixed(1)}" fill="${color}" rx="2"><title>${esc(`${c} ${sf ? ser + ' ' : ''}${v}`)}</title></rect>`;
        });
      } else {
        const pts = cats
          .map((c, i) => [cx(i), value(c, ser)] as const)
          .filter((p): p is readonly [number, number] => p[1] !== undefined);
        const line = pts.map(([px, v]) => `${px.toFixed(1)},${y(v).toFixed(1)}`).join(' ');
        if (type === 'area' && pts.length) {
          out += `<polygon points="${pts[0]![0].toFixed(1)},${bottom} ${line} ${pts.at(-1)![0].toFixed(1)},${bottom}" fill="${color}" fill-opacity="0.18"/>`;
        }
        out += `<polyline points="${line}" fill="none" stroke="${color}" stroke-width="2"/>`;
        out += (dots ? pts : [])
          .map(
            ([px, v]) =>
              `<circle cx="${px.toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="#fff" stroke="${color}" stroke-width="2"><title>${esc(v)}</title></circle>`,
          )
          .join('');
      }
    });
    out += `<line x1="${left}" x2="${right}" y1="${y(Math.max(0, lo))}" y2="${y(Math.max(0, lo))}" class="ch-base"/>`;
    for (const m of marks.filter((m) => m.y >= lo && m.y <= hi)) {
      const my = y(m.y).toFixed(1);
      out += `<line x1="${left}" x2="${right}" y1="${my}" y2="${my}" stroke="${esc(m.stroke)}" stroke-width="1.5"${m.dash ? ' stroke-dasharray="5 4"' : ''} class="ch-mark"/>`;
      if (m.text)
        out += `<text x="${right - 4}" y="${Number(my) - 5}" style="fill:${esc(m.stroke)};font-size:12px;paint-order:stroke;stroke:#fff;stroke-width:3px" text-anchor="end">${esc(m.text)}</text>`;
    }
    return out + legend(series, h - 8, colors);
  });
}

function pie(spec: Row, rows: Row[], aspect: string): string {
  const cf = field(spec.categoryField) ?? field(spec.seriesField) ?? field(spec.xField);
  const vf = field(spec.valueField) ?? field(spec.angleField) ?? field(spec.yField);
  if (!cf || !vf) return `<div class="unsupported">[饼图缺少 categoryField / valueField]</div>${dataTable(rows)}`;
  const parts = rows.map((r) => ({ name: String(r[cf]), v: Math.max(0, num(r[vf]) || 0) }));
  const total = parts.reduce((a, p) => a + p.v, 0) || 1;
  const inner = typeof spec.innerRadius === 'number' ? spec.innerRadius : 0;
  return frame(spec, aspect, (h) => {
    const r = Math.min(h / 2 - 16, 140);
    const [cx, cy] = [r + 40, h / 2];
    let a = -Math.PI / 2;
    let out = '';
    parts.forEach((p, i) => {
      const sweep = (p.v / total) * Math.PI * 2;
      const color = PALETTE[i % PALETTE.length]!;
      if (sweep >= Math.PI * 2 - 1e-9) out += `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${color}"/>`;
      else if (sweep > 0) {
        const [x1, y1] = [cx + r * Math.cos(a), cy + r * Math.sin(a)];
        const [x2, y2] = [cx + r * Math.cos(a + sweep), cy + r * Math.sin(a + sweep)];
        out += `<path d="M${cx},${cy} L${x1.toFixed(1)},${y1.toFixed(1)} A${r},${r} 0 ${sweep > Math.PI ? 1 : 0} 1 ${x2.toFixed(1)},${y2.toFixed(1)} Z" fill="${color}" stroke="#fff" stroke-width="1.5"><title>${esc(`${p.name} ${p.v}`)}</title></path>`;
      }
      a += sweep;
      const ly = 26 + i * 24;
      out += `<rect x="${cx + r + 40}" y="${ly - 10}" width="12" height="12" rx="2" fill="${color}"/><text x="${cx + r + 58}" y="${ly}" class="ch-legend">${esc(p.name)}  ${esc(fmt(p.v))}（${((p.v / total) * 100).toFixed(1)}%）</text>`;
    });
    if (inner > 0) out += `<circle cx="${cx}" cy="${cy}" r="${(r * Math.min(inner, 0.9)).toFixed(1)}" fill="#fff"/>`;
    return out;
  });
}
