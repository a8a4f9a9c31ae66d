/**
 * What the KPI commands do, as functions of the team (the commands stay thin): look at the data
 * against targets, record a value by hand, list and change targets.
 */
import { signalData } from '../../core/data-signals';
import type { Deps } from '../../core/deps';
import type { Team } from '../../core/teams';
import { localeOf } from '../../core/teams';
import type { Card } from '../../cards/card';
import { t } from '../../i18n';
import { activeStores, type Store } from '../stores/repo';
import { kpiCard } from './card';
import type { MetricDef } from './catalog';
import { formatTarget, formatValue } from './format';
import { periodOf, type PeriodWord } from './period';
import { loadReportValues, loadTargets, loadValues, resetTarget, setTarget, toSamples, upsertValues } from './repo';
import { buildKpiReport } from './report';
import { effectiveTarget } from './targets';
import { teamCatalog } from './team-metrics-repo';
import { KX } from './texts';

const storeNames = (stores: readonly Store[]) => new Map(stores.map((s) => [s.id, s.name]));

/** The /kpi card for the team or one store over `word`; a text when there is no data yet. */
export async function kpiView(
  deps: Deps,
  team: Team,
  store: Store | null,
  word: PeriodWord,
  now: Date,
): Promise<Card | string> {
  const L = localeOf(deps.config, team);
  const period = periodOf(word, now, team.timeZone);
  const stores = await activeStores(deps.db, team.id);
  const names = storeNames(stores);
  // A one-day view still charts the week before it, so a trend is there at a glance.
  const from = word === 'yesterday' ? periodOf('7d', now, team.timeZone).from : period.from;
  const rows = await loadReportValues(deps.db, team.id, {
    from,
    to: period.to,
    ...(store ? { storeIds: [store.id] } : { storeIds: stores.map((s) => s.id) }),
  });
  const samples = toSamples(rows, names);
  const inPeriod = samples.filter((s) => s.day >= period.from);
  const scope = store ? store.name : t(L, KX.team);
  const periodText =
    word === 'yesterday'
      ? t(L, KX.yesterday, { day: period.to })
      : t(L, KX.lastDays, { n: period.days, from: period.from, to: period.to });
  if (!inPeriod.length) return t(L, KX.noData, { scope, period: periodText });
  const targets = await loadTargets(deps.db, team.id, names);
  // The team's own metrics are shown with their own names, after the catalog's.
  const metrics = await teamCatalog(deps.db, team.id);
  const report = buildKpiReport({ samples: inPeriod, targets, store: store?.name ?? null, metrics });
  // The trend covers the chart's days (the week before a one-day view).
  const trendReport =
    word === 'yesterday' ? buildKpiReport({ samples, targets, store: store?.name ?? null, metrics }) : report;
  return kpiCard({
    report: { ...report, trend: trendReport.trend },
    scope,
    period: periodText,
    locale: L,
    multiDay: true,
  });
}

/** /kpi set: one value by hand. Returns the reply, which says what it replaced. */
export async function setValueByHand(
  deps: Deps,
  team: Team,
  o: { store: Store; metric: MetricDef; value: number; day: string; by: string; now: Date },
): Promise<string> {
  const L = localeOf(deps.config, team);
  const [old] = await loadValues(deps.db, team.id, {
    from: o.day,
    to: o.day,
    storeIds: [o.store.id],
    metrics: [o.metric.key],
    agent: '',
  });
  await upsertValues(
    deps.db,
    team.id,
    [{ storeId: o.store.id, agent: '', metric: o.metric.key, day: o.day, hour: -1, value: o.value, base: null }],
    `manual:${o.by}`,
    o.now,
  );
  return t(L, KX.set, {
    store: o.store.name,
    day: o.day,
    name: t(L, o.metric.name),
    value: formatValue(o.value, o.metric.unit, L),
    replaced: old ? t(L, KX.setReplaced, { old: formatValue(old.value, o.metric.unit, L) }) : '',
  });
}

/** /target: every metric with a target, the team's and each store's. */
export async function targetsText(deps: Deps, team: Team, metrics: readonly MetricDef[]): Promise<string> {
  const L = localeOf(deps.config, team);
  const stores = await activeStores(deps.db, team.id);
  const rows = await loadTargets(deps.db, team.id, storeNames(stores));
  const lines: string[] = [];
  for (const m of metrics) {
    const team = effectiveTarget(m, null, rows);
    if (team)
      lines.push(
        t(L, KX.targetLine, {
          name: t(L, m.name),
          target: formatTarget(team.op, team.value, m.unit, L),
          scope: team.source === 'default' ? t(L, KX.targetDefault) : '',
        }),
      );
    for (const r of rows.filter((r) => r.metric === m.key && r.store !== null)) {
      lines.push(
        t(L, KX.targetLine, {
          name: t(L, m.name),
          target: formatTarget(r.op, r.value, m.unit, L),
          scope: t(L, KX.targetStore, { store: r.store! }),
        }),
      );
    }
  }
  return [
    `**${t(L, KX.targetsTitle)}**`,
    ...(lines.length ? lines : [t(L, KX.targetsNone)]),
    '',
    t(L, KX.targetsNote),
  ].join('\n');
}

export async function changeTarget(
  deps: Deps,
  team: Team,
  o: { metric: MetricDef; store: Store | null; op: '<=' | '>='; value: number; by: string; now: Date },
): Promise<string> {
  const L = localeOf(deps.config, team);
  await setTarget(
    deps.db,
    team.id,
    { metric: o.metric.key, storeId: o.store?.id ?? null, op: o.op, value: o.value },
    o.by,
    o.now,
  );
  // A target is what the alerts judge by: they look again now, not at the next value.
  await signalData(deps.db, team.id, 'kpi', o.now);
  return t(L, KX.targetSet, {
    scope: o.store?.name ?? t(L, KX.targetTeam),
    name: t(L, o.metric.name),
    target: formatTarget(o.op, o.value, o.metric.unit, L),
  });
}

/** `changed`: whether there was a target to reset (the audit log records only a change). */
export async function clearTarget(
  deps: Deps,
  team: Team,
  o: { metric: MetricDef; store: Store | null },
): Promise<{ text: string; changed: boolean }> {
  const L = localeOf(deps.config, team);
  const scope = o.store?.name ?? t(L, KX.targetTeam);
  const name = t(L, o.metric.name);
  if (!(await resetTarget(deps.db, team.id, o.metric.key, o.store?.id ?? null)))
    return { text: t(L, KX.targetNothingToReset, { scope, name }), changed: false };
  await signalData(deps.db, team.id, 'kpi', deps.clock.now());
  const stores = await activeStores(deps.db, team.id);
  const now = effectiveTarget(o.metric, o.store?.name ?? null, await loadTargets(deps.db, team.id, storeNames(stores)));
  const text = t(L, KX.targetReset, {
    scope,
    name,
    target: now ? formatTarget(now.op, now.value, o.metric.unit, L) : t(L, KX.targetNoneLeft),
  });
  return { text, changed: true };
}
