/**
 * The board's anomaly panel: every open store anomaly, the countdown to its next call (the phone
 * call after 5 minutes by default) and who has been called so far; claimed ones say by whom.
 */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { personName, rowsBlock, type BoardRow, type BoardSection } from '../../core/board';
import { channelsOf } from '../../escalation/policy';
import { t } from '../../i18n';
import { teamPeople } from '../duty/roster';
import { stepName } from './card';
import { kindName } from './kinds';
import { anomalyPolicy } from './policy';
import { anomalies, anomalyEvents } from './schema';

const TX = {
  title: { 'zh-CN': '店铺异常', en: 'Store anomalies' },
  none: { 'zh-CN': '没有未解决的店铺异常', en: 'No open store anomalies' },
  claimed: { 'zh-CN': '{who} 已认领', en: 'claimed by {who}' },
  called: { 'zh-CN': '已通知：{who}', en: 'called: {who}' },
  waiting: { 'zh-CN': '待认领，还没有人被电话通知', en: 'unclaimed; nobody called yet' },
  phone: { 'zh-CN': '电话 {step}', en: 'phone {step}' },
  buzz: { 'zh-CN': '加急 {step}', en: 'buzz {step}' },
  reports: { 'zh-CN': '（{n} 次上报）', en: ' ({n} reports)' },
};

export const anomalyBoard: BoardSection = {
  key: 'anomaly',
  order: 20,
  async load(deps, team, _now, L) {
    const open = await deps.db
      .select()
      .from(anomalies)
      .where(and(eq(anomalies.teamId, team.id), isNull(anomalies.resolvedAt)))
      .orderBy(asc(anomalies.reportedAt));
    const buzzes = open.length
      ? await deps.db
          .select({ anomalyId: anomalyEvents.anomalyId, openIds: anomalyEvents.openIds })
          .from(anomalyEvents)
          .where(
            and(
              inArray(
                anomalyEvents.anomalyId,
                open.map((a) => a.id),
              ),
              eq(anomalyEvents.kind, 'buzz'),
            ),
          )
      : [];
    const { names } = await teamPeople(deps, team.id);
    const rows: BoardRow[] = open.map((a) => {
      const called = [...new Set(buzzes.filter((b) => b.anomalyId === a.id).flatMap((b) => b.openIds))];
      const policy = anomalyPolicy(a);
      const next = a.step + 1;
      const detail =
        a.status === 'claimed' && a.claimedBy
          ? t(L, TX.claimed, { who: personName(names, a.claimedBy) })
          : called.length
            ? t(L, TX.called, { who: called.map((id) => personName(names, id)).join('、') })
            : t(L, TX.waiting);
      return {
        title: `#${a.id} ${a.storeName} · ${t(L, kindName(a.kind))}${a.reportCount > 1 ? t(L, TX.reports, { n: a.reportCount }) : ''}`,
        detail: `${a.description.slice(0, 60)} — ${detail}`,
        tone: a.status === 'claimed' ? 'amber' : 'red',
        ...(a.status === 'open' && a.nextStepAt
          ? {
              countdown: {
                to: a.nextStepAt.toISOString(),
                label: t(L, channelsOf(policy, next).includes('phone') ? TX.phone : TX.buzz, {
                  step: stepName(L, policy, next),
                }),
              },
            }
          : {}),
      };
    });
    const tone = rows.some((r) => r.tone === 'red') ? 'red' : rows.length ? 'amber' : 'green';
    return {
      title: t(L, TX.title),
      tone,
      wide: true,
      blocks: rows.length ? [rowsBlock(rows, 8)] : [{ type: 'note', text: t(L, TX.none), tone: 'green' }],
    };
  },
};
