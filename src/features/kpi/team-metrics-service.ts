/**
 * What /kpi metrics does (the command stays thin): list the catalog with the team's own metrics,
 * add one, remove one; and the one way a command turns a word into a metric of the team.
 */
import type { Deps } from '../../core/deps';
import type { Team } from '../../core/teams';
import { localeOf } from '../../core/teams';
import { card, markdown, note, type Card } from '../../cards/card';
import { t } from '../../i18n';
import { CATALOG, type MetricDef } from './catalog';
import { findMetric, nearMetrics } from './metric-names';
import { checkNewMetric, MAX_NAME_CHARS, MAX_OWN_METRICS } from './team-metrics';
import { deleteOwnMetric, insertOwnMetric, loadOwnMetrics } from './team-metrics-repo';
import { TMX } from './team-metrics-texts';
import { KX } from './texts';

const arrow = (d: MetricDef['direction']) => (d === 'up' ? '↑' : d === 'down' ? '↓' : '·');

/** The metric `word` names for the team — the catalog's or its own — else the reply saying there is none. */
export async function resolveTeamMetric(
  deps: Deps,
  team: Team,
  word: string,
): Promise<{ metric: MetricDef } | { reply: string }> {
  const own = await loadOwnMetrics(deps.db, team.id);
  const metric = findMetric(word, own);
  if (metric) return { metric };
  const L = localeOf(deps.config, team);
  const near = nearMetrics(word, L, own);
  return {
    reply: t(L, KX.unknownMetric, {
      name: word,
      near: near.length ? t(L, KX.near, { list: near.join(L === 'en' ? ', ' : '、') }) : '',
    }),
  };
}

/** /kpi metrics: the catalog, then the team's own metrics. */
export async function metricsCard(deps: Deps, team: Team): Promise<Card> {
  const L = localeOf(deps.config, team);
  const own = await loadOwnMetrics(deps.db, team.id);
  const line = (m: MetricDef) =>
    `${arrow(m.direction)} **${t(L, m.name)}** \`${m.key}\` · ${t(L, KX.units[m.unit])}${m.defaultTarget ? ` · ${m.defaultTarget.op}${m.unit === 'ratio' ? `${m.defaultTarget.value * 100}%` : m.defaultTarget.value}` : ''}`;
  return card({
    title: t(L, KX.metricsTitle, { n: CATALOG.length + own.length }),
    color: 'wathet',
    elements: [
      markdown([t(L, TMX.catalogTitle, { n: CATALOG.length }), ...CATALOG.map(line)].join('\n')),
      markdown(
        [t(L, TMX.ownTitle, { n: own.length }), ...(own.length ? own.map(line) : [t(L, TMX.ownNone)])].join('\n'),
      ),
      note(t(L, KX.metricsNote)),
    ],
  });
}

/** /kpi metrics add: the reply says what was added, or why nothing was. */
export async function addTeamMetric(
  deps: Deps,
  team: Team,
  o: { key: string; name: string; unit: string; direction: string; by: string; now: Date },
): Promise<string> {
  const L = localeOf(deps.config, team);
  const own = await loadOwnMetrics(deps.db, team.id);
  const c = checkNewMetric(o, own);
  const about = (m: MetricDef) => ({
    name: t(L, m.name),
    key: m.key,
    unit: t(L, KX.units[m.unit]),
    direction: t(L, TMX.directions[m.direction]),
  });
  if (c.ok) {
    // A replayed or concurrent add finds the key taken and says so instead of adding twice.
    if (!(await insertOwnMetric(deps.db, team.id, c.def, o.by, o.now))) return t(L, TMX.existsSame, about(c.def));
    return t(L, TMX.added, about(c.def));
  }
  switch (c.why) {
    case 'bad_key':
      return t(L, TMX.badKey, { key: c.key });
    case 'catalog_key':
      return t(L, TMX.catalogKey, { key: c.key, name: t(L, c.catalog.name) });
    case 'bad_unit':
      return t(L, TMX.badUnit, { unit: c.unit });
    case 'bad_direction':
      return t(L, TMX.badDirection, { direction: c.direction });
    case 'exists':
      return t(L, c.same ? TMX.existsSame : TMX.existsOther, about(c.existing));
    case 'bad_name':
      return t(L, TMX.badName, { name: c.name, max: MAX_NAME_CHARS });
    case 'catalog_name':
      return t(L, TMX.catalogName, { name: c.name, catalog: t(L, c.catalog.name), key: c.catalog.key });
    case 'name_taken':
      return t(L, TMX.nameTaken, { name: c.name, other: t(L, c.by.name), key: c.by.key });
    case 'too_many':
      return t(L, TMX.tooMany, { max: MAX_OWN_METRICS });
  }
}

/** /kpi metrics remove: deletes the definition, keeps the values. */
export async function removeTeamMetric(deps: Deps, team: Team, word: string): Promise<string> {
  const L = localeOf(deps.config, team);
  const own = await loadOwnMetrics(deps.db, team.id);
  const mine = findMetric(word, own);
  if (mine && own.includes(mine)) {
    await deleteOwnMetric(deps.db, team.id, mine.key);
    return t(L, TMX.removed, { name: t(L, mine.name), key: mine.key });
  }
  if (mine) return t(L, TMX.removeCatalog, { name: t(L, mine.name), key: mine.key });
  const list = own.length ? own.map((m) => `${t(L, m.name)}（${m.key}）`).join('、') : t(L, TMX.noneListed);
  return t(L, TMX.removeNone, { word, list });
}
