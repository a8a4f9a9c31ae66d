/**
 * A team's own metrics (pure): reading "/kpi metrics add <key> <名称> <unit> <up|down|none>", and
 * turning a stored row into a MetricDef the rest of the feature treats like a catalog metric. The
 * catalog always wins a name: a team's metric may not take a catalog key, name or export spelling,
 * so adding one never changes what an existing command or export file means.
 */
import type { Aggregation, Direction, MetricDef, MetricUnit } from './catalog';
import { normalizeLabel } from './headers';
import { findMetric } from './metric-names';

/** English key as the API and exports' extra columns name it. */
export const OWN_KEY = /^[a-z][a-z0-9_]{1,39}$/;
export const MAX_NAME_CHARS = 20;
/** A team with more own metrics than this has a catalog problem, not a metric problem. */
export const MAX_OWN_METRICS = 50;

const UNIT_WORDS: Record<string, MetricUnit> = {};
const unitWords: [MetricUnit, string[]][] = [
  ['seconds', ['seconds', 'second', 'sec', 's', '秒', '秒数', '时长']],
  ['ratio', ['ratio', 'rate', 'percent', '%', '比率', '百分比', '比例', '率']],
  ['count', ['count', '个', '次', '人', '件', '单', '条', '数量', '个数', '人数', '次数']],
  ['cny', ['cny', 'yuan', 'rmb', '¥', '元', '金额', '钱']],
  ['points', ['points', 'point', 'score', '分', '分数', '得分']],
  ['number', ['number', 'num', 'value', '数值', '数字', '数']],
];
for (const [unit, words] of unitWords) for (const w of words) UNIT_WORDS[normalizeLabel(w)] = unit;

const DIRECTION_WORDS: Record<string, Direction> = {};
const directionWords: [Direction, string[]][] = [
  ['up', ['up', 'higher', 'high', '↑', '高', '越高越好', '升', '上']],
  ['down', ['down', 'lower', 'low', '↓', '低', '越低越好', '降', '下']],
  ['none', ['none', 'neither', '-', '·', '无', '不比较', '无方向']],
];
for (const [d, words] of directionWords) for (const w of words) DIRECTION_WORDS[normalizeLabel(w)] = d;

export const readUnit = (word: string): MetricUnit | undefined => UNIT_WORDS[normalizeLabel(word)];
export const readDirection = (word: string): Direction | undefined => DIRECTION_WORDS[normalizeLabel(word)];

/**
 * How a team's metric rolls up: counts and money sum; a rate or a duration is weighted by the
 * buyers served (when the data has them; else each value counts once); scores and plain numbers average.
 */
export function ownAggregation(unit: MetricUnit): Aggregation {
  if (unit === 'count' || unit === 'cny') return { kind: 'sum' };
  if (unit === 'ratio' || unit === 'seconds') return { kind: 'weighted', base: 'received_users' };
  return { kind: 'mean' };
}

export interface OwnMetricRow {
  key: string;
  nameZh: string;
  nameEn: string;
  unit: string;
  direction: string;
}

const UNITS: readonly MetricUnit[] = ['seconds', 'ratio', 'count', 'cny', 'points', 'number'];
const DIRECTIONS: readonly Direction[] = ['up', 'down', 'none'];

/** A stored row as a metric definition (a unit or direction the code no longer knows reads as a plain number). */
export function ownMetricDef(row: OwnMetricRow): MetricDef {
  const unit = (UNITS as readonly string[]).includes(row.unit) ? (row.unit as MetricUnit) : 'number';
  const direction = (DIRECTIONS as readonly string[]).includes(row.direction) ? (row.direction as Direction) : 'none';
  return {
    key: row.key,
    name: { 'zh-CN': row.nameZh, en: row.nameEn },
    unit,
    direction,
    aggregate: ownAggregation(unit),
    aliases: [],
  };
}

/** What an export's header may spell a team's metric as: its key or its names, normalised → the metric. */
export function ownMetricLabels(own: readonly MetricDef[]): Map<string, MetricDef> {
  const out = new Map<string, MetricDef>();
  for (const m of own) for (const l of [m.key, m.name['zh-CN'], m.name.en]) out.set(normalizeLabel(l), m);
  return out;
}

export type NewMetricCheck =
  | { ok: true; def: MetricDef }
  | { ok: false; why: 'bad_key'; key: string }
  | { ok: false; why: 'catalog_key'; key: string; catalog: MetricDef }
  | { ok: false; why: 'bad_name'; name: string }
  | { ok: false; why: 'catalog_name'; name: string; catalog: MetricDef }
  | { ok: false; why: 'name_taken'; name: string; by: MetricDef }
  | { ok: false; why: 'exists'; existing: MetricDef; same: boolean }
  | { ok: false; why: 'bad_unit'; unit: string }
  | { ok: false; why: 'bad_direction'; direction: string }
  | { ok: false; why: 'too_many' };

/** Whether the words make a new metric for a team that has `own` already. */
export function checkNewMetric(
  input: { key: string; name: string; unit: string; direction: string },
  own: readonly MetricDef[],
): NewMetricCheck {
  const key = input.key.trim();
  const name = input.name.normalize('NFKC').trim();
  if (!OWN_KEY.test(key)) return { ok: false, why: 'bad_key', key };
  const catalogByKey = findMetric(key);
  if (catalogByKey) return { ok: false, why: 'catalog_key', key, catalog: catalogByKey };
  const unit = readUnit(input.unit);
  if (!unit) return { ok: false, why: 'bad_unit', unit: input.unit };
  const direction = readDirection(input.direction);
  if (!direction) return { ok: false, why: 'bad_direction', direction: input.direction };
  const existing = own.find((m) => m.key === key);
  if (existing)
    return {
      ok: false,
      why: 'exists',
      existing,
      same: existing.name['zh-CN'] === name && existing.unit === unit && existing.direction === direction,
    };
  // A name is one word of a command line: no spaces, not a number, not too long.
  if (!name || name.length > MAX_NAME_CHARS || /\s/.test(name) || /^[\d.,%]+$/.test(name))
    return { ok: false, why: 'bad_name', name };
  const catalogByName = findMetric(name);
  if (catalogByName) return { ok: false, why: 'catalog_name', name, catalog: catalogByName };
  // Neither the key nor the name may be what another of the team's metrics is called.
  for (const word of [name, key]) {
    const n = normalizeLabel(word);
    const taken = own.find((m) => [m.key, m.name['zh-CN'], m.name.en].some((l) => normalizeLabel(l) === n));
    if (taken) return { ok: false, why: 'name_taken', name: word, by: taken };
  }
  if (own.length >= MAX_OWN_METRICS) return { ok: false, why: 'too_many' };
  return { ok: true, def: ownMetricDef({ key, nameZh: name, nameEn: name, unit, direction }) };
}
