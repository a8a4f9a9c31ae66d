/**
 * A traffic surge suggested from the KPI data (the "kpi" data signal): the hourly consult volume
 * of a store, or of the team, at 2× its same-hour 7-day baseline posts a card "是否启动接待量暴涨预案?"
 * with a button — once per store and hour, and nothing starts until a person presses it.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Locale } from '../../config';
import { button, buttons, card, markdown, note, type Card } from '../../cards/card';
import type { ActionHandler } from '../../core/command-def';
import type { Deps } from '../../core/deps';
import { localeOf, type Team } from '../../core/teams';
import { t } from '../../i18n';
import { M } from '../../i18n/messages';
import { enqueue, PRIORITY, uuidFor } from '../../outbox/enqueue';
import { teamPeople } from '../duty/roster';
import { loadValues } from '../kpi/repo';
import { activeStores } from '../stores/repo';
import { playbookOf, refs } from './repo';
import { surgeRatio } from './rules';
import { incidentSurges } from './schema';
import { startIncident } from './service';
import { IX } from './texts';
import { cardId } from '../../core/card-values';

type Surge = typeof incidentSurges.$inferSelect;

export const CONSULT_METRIC = 'consult_users';
const BASELINE_DAYS = 7;

export interface HourCounts {
  /** 0 = the team as a whole. */
  storeId: number;
  day: string;
  hour: number;
  count: number;
}

/**
 * The surges among `rows` (hourly consult counts per store) for `hours` of `today`: each store,
 * and the team as the sum of its stores, against the same hour of the 7 days before. Pure.
 */
export function findSurges(rows: HourCounts[], today: string, hours: number[]) {
  // Per store (0 = the team as a whole, only when it has several stores): "day|hour" → count.
  const byStore = new Map<number, Map<string, number>>();
  const add = (storeId: number, key: string, count: number) => {
    const m = byStore.get(storeId) ?? byStore.set(storeId, new Map()).get(storeId)!;
    m.set(key, (m.get(key) ?? 0) + count);
  };
  const several = new Set(rows.map((r) => r.storeId)).size > 1;
  for (const r of rows) {
    add(r.storeId, `${r.day}|${r.hour}`, r.count);
    if (several) add(0, `${r.day}|${r.hour}`, r.count);
  }
  const out: { storeId: number; hour: number; count: number; baseline: number; ratio: number }[] = [];
  // Stores first: the team's card is only for an hour in which no single store surged.
  const ids = [...byStore.keys()].sort((a, b) => (a === 0 ? 1 : b === 0 ? -1 : a - b));
  for (const storeId of ids) {
    const counts = byStore.get(storeId)!;
    for (const hour of hours) {
      if (storeId === 0 && out.some((o) => o.hour === hour)) continue;
      const now = counts.get(`${today}|${hour}`);
      if (now === undefined) continue;
      const base = [...counts].filter(([k]) => k < today && k.endsWith(`|${hour}`)).map(([, c]) => c);
      const ratio = surgeRatio(now, base);
      if (ratio !== undefined)
        out.push({ storeId, hour, count: now, baseline: base.reduce((a, b) => a + b, 0) / base.length, ratio });
    }
  }
  return out;
}

export function surgeCard(s: Surge, locale: Locale, startedBy?: string): Card {
  const hour = s.hour.slice(-2);
  const ratio = (s.count / Math.max(1, s.baseline)).toFixed(1);
  const elements = [
    markdown(
      t(locale, IX.surgeBody, {
        store: s.storeName || t(locale, IX.surgeTeam),
        hour,
        count: s.count,
        baseline: s.baseline,
        ratio,
      }),
    ),
  ];
  if (s.incidentId) elements.push(markdown(t(locale, IX.surgeStarted, { who: startedBy ?? '', id: s.incidentId })));
  else {
    elements.push(
      buttons([
        button({ text: t(locale, IX.surgeBtn), type: 'primary_filled', value: { action: 'incident.surge', id: s.id } }),
      ]),
    );
    elements.push(note(t(locale, IX.surgeNote)));
  }
  return card({ title: t(locale, IX.surgeTitle), color: s.incidentId ? 'green' : 'orange', elements });
}

/** The "kpi" data handler: the current and the previous local hour of today, judged once each. */
export async function evaluateSurges(deps: Deps, team: Team, now: Date): Promise<void> {
  const local = DateTime.fromJSDate(now, { zone: team.timeZone });
  const today = local.toISODate()!;
  const hours = [local.hour, local.hour - 1].filter((h) => h >= 0);
  const values = await loadValues(deps.db, team.id, {
    from: local.minus({ days: BASELINE_DAYS }).toISODate()!,
    to: today,
    metrics: [CONSULT_METRIC],
    agent: '',
    hourly: true,
    hours,
  });
  const rows = values.map((v) => ({ storeId: v.storeId, day: v.day, hour: v.hour, count: v.value }));
  const hourKey = (h: number) => `${today} ${String(h).padStart(2, '0')}`;
  // Suggested already (this hour, this store): judged once, whatever the data does after.
  const seen = new Set(
    (
      await deps.db
        .select({ storeId: incidentSurges.storeId, hour: incidentSurges.hour })
        .from(incidentSurges)
        .where(and(eq(incidentSurges.teamId, team.id), inArray(incidentSurges.hour, hours.map(hourKey))))
    ).map((r) => `${r.storeId}|${r.hour}`),
  );
  const found = findSurges(rows, today, hours).filter((f) => !seen.has(`${f.storeId}|${hourKey(f.hour)}`));
  if (!found.length) return;
  const names = new Map((await activeStores(deps.db, team.id)).map((s) => [s.id, s.name]));
  const L = localeOf(deps.config, team);
  for (const f of found) {
    const [s] = await deps.db
      .insert(incidentSurges)
      .values({
        teamId: team.id,
        storeId: f.storeId,
        storeName: f.storeId ? (names.get(f.storeId) ?? `#${f.storeId}`) : '',
        hour: hourKey(f.hour),
        count: Math.round(f.count),
        baseline: Math.round(f.baseline),
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!s) continue;
    await enqueue(deps.db, now, {
      kind: 'send',
      teamId: team.id,
      to: { chatId: team.chatId },
      body: { msgType: 'interactive', content: surgeCard(s, L) },
      ref: refs.surgeCard(s.id),
      priority: PRIORITY.interactive,
      uuid: uuidFor(refs.surgeCard(s.id)),
    });
  }
  deps.wake();
}

/** The card's button: a person starts the surge playbook (pressed twice: one incident). */
export const surgeAction: ActionHandler = async (ctx, value) => {
  const id = cardId(value);
  const [s] = id
    ? await ctx.deps.db
        .select()
        .from(incidentSurges)
        .where(sql`${incidentSurges.id} = ${id} and ${incidentSurges.teamId} = ${ctx.team.id}`)
    : [];
  if (!s) return { toast: { type: 'warning', content: ctx.t(M.actionExpired) } };
  const playbook = (await playbookOf(ctx.deps.db, ctx.team.id, 'surge', ctx.locale))!;
  const what = t(ctx.locale, IX.surgeWhat, {
    store: s.storeName || t(ctx.locale, IX.surgeTeam),
    hour: s.hour.slice(-2),
    count: s.count,
    ratio: (s.count / Math.max(1, s.baseline)).toFixed(1),
  });
  const r = await startIncident(
    ctx.deps,
    ctx.team,
    { playbook, description: what, reporter: ctx.caller.openId, source: `surge:${s.id}` },
    ctx.now,
  );
  // Pressed again (or the first press stopped half-way): the card says who started which incident.
  const [updated] = await ctx.deps.db
    .update(incidentSurges)
    .set({ incidentId: r.incident.id, startedBy: r.incident.reporterOpenId })
    .where(eq(incidentSurges.id, s.id))
    .returning();
  const names = (await teamPeople(ctx.deps, ctx.team.id)).names;
  const c = surgeCard(updated!, localeOf(ctx.deps.config, ctx.team), names.get(r.incident.reporterOpenId) ?? '');
  await enqueue(ctx.deps.db, ctx.now, {
    kind: 'patch',
    teamId: ctx.team.id,
    message: { ref: refs.surgeCard(s.id) },
    card: c,
    priority: PRIORITY.interactive,
    uuid: uuidFor(`${refs.surgeCard(s.id)}:started`),
  });
  ctx.deps.wake();
  const vars = { id: r.incident.id, kind: playbook.name, sev: r.incident.severity };
  return r.outcome === 'duplicate'
    ? { toast: { type: 'info', content: ctx.t(IX.surgeAlready, vars) }, card: c }
    : { toast: { type: 'success', content: ctx.t(IX.started, vars) }, card: c };
};
