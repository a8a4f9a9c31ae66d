/**
 * The alerts' part of the digests: yesterday's KPI alerts and violations (daily); over the week,
 * the alerts that fired most, by metric and by store, and violations against the week before.
 */
import type { Locale } from '../../config';
import type { Deps } from '../../core/deps';
import type { DigestPeriod, DigestSection } from '../../core/feature';
import { localeOf, type Team } from '../../core/teams';
import { markdown, table, type CardElement } from '../../cards/card';
import { t } from '../../i18n';
import { and, eq, gte, lt } from 'drizzle-orm';
import { alertLine, alertWhat } from './card';
import { storeNamesOf, toCardAlert } from './flush';
import { alerts, violations } from './schema';

const MAX_LINES = 8;
const TOP = 5;

const TX = {
  title: { 'zh-CN': '🚨 告警与违规', en: '🚨 Alerts and violations' },
  alerts: {
    'zh-CN': '**KPI 告警 {n} 条**（{firing} 条仍未恢复）',
    en: '**{n} KPI alerts** ({firing} still firing)',
  },
  noAlerts: { 'zh-CN': '✅ 没有 KPI 告警。', en: '✅ No KPI alerts.' },
  violations: {
    'zh-CN': '**违规 {n} 条**，共扣 {points} 分（{open} 条未处理）',
    en: '**{n} violations**, {points} points in all ({open} not handled)',
  },
  noViolations: { 'zh-CN': '✅ 没有违规。', en: '✅ No violations.' },
  violationLine: {
    'zh-CN': '{mark} {store} · {kind}{points} · {status}',
    en: '{mark} {store} · {kind}{points} · {status}',
  },
  points: { 'zh-CN': '（{n} 分）', en: ' ({n} pts)' },
  open: { 'zh-CN': '待认领', en: 'open' },
  claimed: { 'zh-CN': '已认领', en: 'claimed' },
  resolved: { 'zh-CN': '已处理', en: 'resolved' },
  more: { 'zh-CN': '……另有 {n} 条：/alert 查看', en: '… {n} more: see /alert' },
  topTitle: { 'zh-CN': '**本周告警最多**', en: '**Alerts that fired most this week**' },
  what: { 'zh-CN': '告警', en: 'Alert' },
  times: { 'zh-CN': '次数', en: 'Times' },
  stores: { 'zh-CN': '店铺', en: 'Stores' },
  byStore: { 'zh-CN': '按店铺：{list}', en: 'By store: {list}' },
  weekViolations: {
    'zh-CN': '**违规**：本周 {n} 条（{points} 分），上周 {before} 条',
    en: '**Violations**: {n} this week ({points} pts), {before} last week',
  },
};

const statusText = (s: string, L: Locale) =>
  t(L, s === 'resolved' ? TX.resolved : s === 'claimed' ? TX.claimed : TX.open);

async function alertsIn(db: Deps['db'], teamId: number, from: Date, to: Date) {
  return db
    .select()
    .from(alerts)
    .where(and(eq(alerts.teamId, teamId), eq(alerts.kind, 'kpi'), gte(alerts.firedAt, from), lt(alerts.firedAt, to)))
    .orderBy(alerts.firedAt);
}

async function violationsIn(db: Deps['db'], teamId: number, from: Date, to: Date) {
  return db
    .select()
    .from(violations)
    .where(and(eq(violations.teamId, teamId), gte(violations.occurredAt, from), lt(violations.occurredAt, to)))
    .orderBy(violations.occurredAt);
}

/** The top entries of a count, "天猫旗舰店 5、京东自营店 3". */
export function topCounts(keys: readonly string[], n = TOP): [string, number][] {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n);
}

export async function buildAlertDigest(deps: Deps, team: Team, p: DigestPeriod): Promise<CardElement[] | undefined> {
  const L = localeOf(deps.config, team);
  const [rows, vios, names] = await Promise.all([
    alertsIn(deps.db, team.id, p.from, p.to),
    violationsIn(deps.db, team.id, p.from, p.to),
    storeNamesOf(deps, team.id),
  ]);
  const out: CardElement[] = [];
  const points = (xs: typeof vios) => Number(xs.reduce((n, v) => n + (v.points ?? 0), 0).toFixed(1));
  if (p.kind === 'weekly') {
    const before = p.previousFrom ? await violationsIn(deps.db, team.id, p.previousFrom, p.from) : [];
    const cards = rows.map((a) => toCardAlert(a, names));
    if (!cards.length) out.push(markdown(t(L, TX.noAlerts)));
    else {
      // An alert row is one store, metric and agent (its fingerprint), counted once for the week.
      const fired = cards;
      const byWhat = topCounts(fired.map((a) => alertWhat({ metric: a.metric, agent: '' }, L)));
      out.push(
        markdown(t(L, TX.topTitle)),
        table(
          [
            { key: 'what', title: t(L, TX.what) },
            { key: 'times', title: t(L, TX.times) },
            { key: 'stores', title: t(L, TX.stores) },
          ],
          byWhat.map(([what, n]) => ({
            what,
            times: String(n),
            stores: topCounts(
              fired.filter((a) => alertWhat({ metric: a.metric, agent: '' }, L) === what).map((a) => a.storeName),
              3,
            )
              .map(([s, k]) => `${s} ${k}`)
              .join('、'),
          })),
        ),
        markdown(
          t(L, TX.byStore, {
            list: topCounts(fired.map((a) => a.storeName))
              .map(([s, k]) => `${s} ${k}`)
              .join('、'),
          }),
        ),
      );
    }
    out.push(markdown(t(L, TX.weekViolations, { n: vios.length, points: points(vios), before: before.length })));
    return out;
  }
  const firing = rows.filter((a) => a.state === 'firing').length;
  if (rows.length) {
    const lines = rows
      .map((a) => toCardAlert(a, names))
      .sort((a, b) => Number(b.state === 'firing') - Number(a.state === 'firing'))
      .slice(0, MAX_LINES)
      .map((a) => alertLine(a, L, team.timeZone, p.now, true));
    if (rows.length > MAX_LINES) lines.push(t(L, TX.more, { n: rows.length - MAX_LINES }));
    out.push(markdown([t(L, TX.alerts, { n: rows.length, firing }), ...lines].join('\n')));
  } else out.push(markdown(t(L, TX.noAlerts)));
  if (vios.length) {
    const lines = vios.slice(0, MAX_LINES).map((v) =>
      t(L, TX.violationLine, {
        mark: v.severe ? '🔴' : '🟠',
        store: v.storeName,
        kind: v.kind,
        points: v.points !== null ? t(L, TX.points, { n: v.points }) : '',
        status: statusText(v.status, L),
      }),
    );
    if (vios.length > MAX_LINES) lines.push(t(L, TX.more, { n: vios.length - MAX_LINES }));
    const open = vios.filter((v) => v.status === 'open').length;
    out.push(markdown([t(L, TX.violations, { n: vios.length, points: points(vios), open }), ...lines].join('\n')));
  } else out.push(markdown(t(L, TX.noViolations)));
  return out;
}

export const alertDigest: DigestSection = { key: 'alert', title: TX.title, order: 20, build: buildAlertDigest };
