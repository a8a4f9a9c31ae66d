/**
 * The board's mood panel: the team's check-ins of today in aggregate, and only once at least three
 * different people answered (MIN_SAMPLE) — never a person, never a note, never who answered what.
 */
import { DateTime } from 'luxon';
import type { BoardSection } from '../../core/board';
import { t } from '../../i18n';
import { teamEntries } from './repo';
import { aggregate, MIN_SAMPLE } from './rules';

const TX = {
  title: { 'zh-CN': '团队情绪（今日汇总）', en: "Team mood (today's aggregate)" },
  mean: { 'zh-CN': '平均（1–4）', en: 'average (1–4)' },
  people: { 'zh-CN': '人已打卡', en: 'people answered' },
  low: { 'zh-CN': '人次偏低（1–2）', en: 'low answers (1–2)' },
};

export const moodBoard: BoardSection = {
  key: 'mood',
  order: 80,
  async load(deps, team, now, L) {
    const from = DateTime.fromJSDate(now, { zone: team.timeZone }).startOf('day').toJSDate();
    const entries = await teamEntries(deps.db, team.id, from, new Date(now.getTime() + 1));
    const a = aggregate(entries.map((e) => ({ memberId: e.memberId, level: e.level })));
    // Fewer than MIN_SAMPLE people: the panel is not shown at all (a count of two could be guessed at).
    if (!a.enough || a.people < MIN_SAMPLE) return undefined;
    const low = a.counts[1] + a.counts[2];
    const tone = a.mean < 2.5 ? 'red' : a.mean < 3 ? 'amber' : 'green';
    return {
      title: t(L, TX.title),
      tone,
      blocks: [
        {
          type: 'stats',
          stats: [
            { label: t(L, TX.mean), value: a.mean.toFixed(1), tone },
            { label: t(L, TX.people), value: String(a.people) },
            { label: t(L, TX.low), value: String(low), tone: low ? 'amber' : 'green' },
          ],
        },
      ],
    };
  },
};
