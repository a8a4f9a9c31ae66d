/**
 * Store anomalies in the digests: how many were reported, how fast they were claimed (MTTA) and
 * resolved (MTTR), and what is still open (daily); per store and per kind over the week (weekly).
 */
import type { Locale } from '../../config';
import type { Deps } from '../../core/deps';
import type { DigestPeriod, DigestSection } from '../../core/feature';
import { localeOf, type Team } from '../../core/teams';
import { markdown, table, type CardElement } from '../../cards/card';
import { formatDuration } from '../../domain/duration';
import { formatLocal } from '../../domain/local-time';
import { t } from '../../i18n';
import { kindName } from './kinds';
import { aggregateStats, loadStatInputs, openAnomalies, statsBy, type StatsRow } from './stats';

const TOP = 10;

const TX = {
  title: { 'zh-CN': '🏪 店铺异常', en: '🏪 Store anomalies' },
  none: { 'zh-CN': '✅ 没有新的店铺异常。', en: '✅ No new store anomalies.' },
  total: {
    'zh-CN': '**{n} 起**（{open} 起未解决）· MTTA {mtta} · MTTR {mttr} · 电话升级 {phoned} 起',
    en: '**{n}** ({open} open) · MTTA {mtta} · MTTR {mttr} · {phoned} escalated by phone',
  },
  stillOpen: {
    'zh-CN': '⚠️ 当前仍未解决 {n} 起，最早一起报于 {since}：/anomaly list',
    en: '⚠️ {n} still open, the oldest since {since}: /anomaly list',
  },
  store: { 'zh-CN': '店铺', en: 'Store' },
  kind: { 'zh-CN': '类型', en: 'Kind' },
  count: { 'zh-CN': '起数', en: 'Count' },
  open: { 'zh-CN': '未解决', en: 'Open' },
  mtta: { 'zh-CN': 'MTTA（中位）', en: 'MTTA (median)' },
  mttr: { 'zh-CN': 'MTTR（中位）', en: 'MTTR (median)' },
  byKind: { 'zh-CN': '**按类型**', en: '**By kind**' },
  kindLine: {
    'zh-CN': '{kind} {n} 起 · MTTA {mtta} · MTTR {mttr}',
    en: '{kind} {n} · MTTA {mtta} · MTTR {mttr}',
  },
  week: { 'zh-CN': '本周 {n} 起，上周 {before} 起', en: '{n} this week, {before} last week' },
  dash: { 'zh-CN': '—', en: '—' },
};

const median = (s: StatsRow['mtta'], L: Locale) => (s ? formatDuration(s.medianMs, L) : t(L, TX.dash));

export async function buildAnomalyDigest(deps: Deps, team: Team, p: DigestPeriod): Promise<CardElement[] | undefined> {
  const L = localeOf(deps.config, team);
  const [inputs, open] = await Promise.all([
    loadStatInputs(deps.db, team.id, p.from, p.to),
    openAnomalies(deps.db, team.id),
  ]);
  const out: CardElement[] = [];
  const total = aggregateStats(inputs)[0];
  if (!total) out.push(markdown(t(L, TX.none)));
  else
    out.push(
      markdown(
        t(L, TX.total, {
          n: total.count,
          open: total.open,
          mtta: median(total.mtta, L),
          mttr: median(total.mttr, L),
          phoned: total.phoned,
        }),
      ),
    );
  if (p.kind === 'weekly') {
    const before = p.previousFrom ? await loadStatInputs(deps.db, team.id, p.previousFrom, p.from) : [];
    out.push(markdown(t(L, TX.week, { n: inputs.length, before: before.length })));
    if (inputs.length) {
      out.push(
        table(
          [
            { key: 'store', title: t(L, TX.store) },
            { key: 'count', title: t(L, TX.count) },
            { key: 'open', title: t(L, TX.open) },
            { key: 'mtta', title: t(L, TX.mtta) },
            { key: 'mttr', title: t(L, TX.mttr) },
          ],
          statsBy(inputs, 'store')
            .slice(0, TOP)
            .map((r) => ({
              store: r.store,
              count: String(r.count),
              open: String(r.open),
              mtta: median(r.mtta, L),
              mttr: median(r.mttr, L),
            })),
        ),
        markdown(
          [
            t(L, TX.byKind),
            ...statsBy(inputs, 'kind').map((r) =>
              t(L, TX.kindLine, {
                kind: t(L, kindName(r.kind)),
                n: r.count,
                mtta: median(r.mtta, L),
                mttr: median(r.mttr, L),
              }),
            ),
          ].join('\n'),
        ),
      );
    }
  } else if (inputs.length) {
    const lines = statsBy(inputs, 'store')
      .slice(0, 5)
      .map((r) => {
        const kinds = inputs.filter((x) => x.storeName === r.store).map((x) => t(L, kindName(x.kind)));
        return `${r.store}：${r.count}（${[...new Set(kinds)].join('、')}）`;
      });
    out.push(markdown(lines.join('\n')));
  }
  if (open.length) {
    const oldest = open.reduce((a, b) => (a.reportedAt < b.reportedAt ? a : b));
    const since = formatLocal(oldest.reportedAt, team.timeZone, L, p.now);
    out.push(markdown(t(L, TX.stillOpen, { n: open.length, since })));
  }
  return out;
}

export const anomalyDigest: DigestSection = { key: 'anomaly', title: TX.title, order: 30, build: buildAnomalyDigest };
