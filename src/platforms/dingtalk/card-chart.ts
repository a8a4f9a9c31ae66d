/**
 * A VChart spec as the compact table a DingTalk card can show instead (DingTalk cards draw no
 * charts). Reads what floorwalker's charts use: `data` as `{values}` or `[{values}]`, x/y fields
 * with an optional seriesField (one column per series), and pies (categoryField/valueField).
 */
export interface ChartTable {
  title?: string;
  columns: { key: string; title: string }[];
  rows: Record<string, string>[];
}

type Row = Record<string, unknown>;

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string =>
  typeof v === 'number' ? String(Number(v.toFixed(2))) : typeof v === 'string' ? v : v == null ? '' : JSON.stringify(v);

function chartValues(spec: Record<string, unknown>): Row[] {
  const data = spec.data;
  const sets = Array.isArray(data) ? data : [data];
  return sets.flatMap((d) => (isObj(d) && Array.isArray(d.values) ? d.values.filter(isObj) : []));
}

const field = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;

export function chartAsTable(spec: Record<string, unknown>): ChartTable {
  const title = isObj(spec.title) && typeof spec.title.text === 'string' ? spec.title.text : undefined;
  const values = chartValues(spec);
  const x = field(spec.xField) ?? field(spec.categoryField);
  const y = field(spec.yField) ?? field(spec.valueField);
  const series = field(spec.seriesField);
  const base = title ? { title } : {};
  if (x && y && series && series !== x) {
    // One row per x, one column per series, in the order they first appear.
    const names = [...new Set(values.map((v) => str(v[series])))];
    const byX = new Map<string, Record<string, string>>();
    for (const v of values) {
      const key = str(v[x]);
      const row = byX.get(key) ?? { [x]: key };
      row[`s${names.indexOf(str(v[series]))}`] = str(v[y]);
      byX.set(key, row);
    }
    return {
      ...base,
      columns: [{ key: x, title: '' }, ...names.map((n, i) => ({ key: `s${i}`, title: n }))],
      rows: [...byX.values()],
    };
  }
  if (x && y)
    return {
      ...base,
      // Field names are code ("day", "value"): the x column goes untitled, the y column takes the chart's title.
      columns: [
        { key: x, title: '' },
        { key: y, title: title ?? y },
      ],
      rows: values.map((v) => ({ [x]: str(v[x]), [y]: str(v[y]) })),
    };
  // A spec floorwalker does not draw: every field of its data, as it is.
  const keys = [...new Set(values.flatMap((v) => Object.keys(v)))];
  return {
    ...base,
    columns: keys.map((k) => ({ key: k, title: k })),
    rows: values.map((v) => Object.fromEntries(keys.map((k) => [k, str(v[k])]))),
  };
}
