/** The card's buttons: 认领 (who is on it), 静默 2 小时, and the store's /kpi. */
import { and, eq, isNull } from 'drizzle-orm';
import { cardId } from '../../core/card-values';
import type { ActionContext } from '../../core/context';
import type { CardActionAnswer } from '../../core/inbound';
import { interactive } from '../../cards/card';
import { mentionAll } from '../../cards/mention';
import { teamPeople } from '../duty/roster';
import { kpiView } from '../kpi/service';
import { activeStores } from '../stores/repo';
import { KPI_GROUP, scheduleFlush } from './evaluate';
import { loadSettings, lockGroupById } from './repo';
import { alerts } from './schema';
import { createSilence, scopeText } from './silences';
import { storeNamesOf } from './flush';
import { AX } from './texts';

const TWO_HOURS = 2 * 3600_000;

/**
 * The card's episode and store; undefined for an old or forged card. `storeId: true` once read as
 * store 1 (a silence for a store nobody pressed), and a NaN store reached Postgres in the claim.
 */
const ids = (value: Record<string, unknown>) => {
  const v = { groupId: cardId(value, 'groupId'), seq: cardId(value, 'seq'), storeId: cardId(value, 'storeId') };
  return v.groupId && v.seq && v.storeId ? { groupId: v.groupId, seq: v.seq, storeId: v.storeId } : undefined;
};

/** Claims the store's firing alerts of the card's episode for the caller; a second claim says who has them. */
export async function claimAction(ctx: ActionContext, value: Record<string, unknown>): Promise<CardActionAnswer> {
  const v = ids(value);
  if (!v) return { toast: { type: 'warning', content: ctx.t(AX.expired) } };
  const result = await ctx.deps.db.transaction(async (tx) => {
    // The card's own group, not the team's (which lockGroup would create): a forged id stores nothing.
    const g = await lockGroupById(tx, v.groupId);
    if (!g || g.teamId !== ctx.team.id || g.key !== KPI_GROUP || g.seq !== v.seq || g.status !== 'open')
      return { kind: 'expired' as const };
    const where = and(
      eq(alerts.groupId, g.id),
      eq(alerts.seq, g.seq),
      eq(alerts.storeId, v.storeId),
      eq(alerts.state, 'firing'),
    );
    const open = await tx.select().from(alerts).where(where);
    if (!open.length) return { kind: 'none' as const };
    const taken = await tx
      .update(alerts)
      .set({ claimedBy: ctx.caller.openId, claimedAt: ctx.now })
      .where(and(where, isNull(alerts.claimedBy)))
      .returning({ id: alerts.id });
    if (!taken.length) {
      const others = [...new Set(open.map((a) => a.claimedBy!).filter((w) => w !== ctx.caller.openId))];
      return { kind: 'taken' as const, others };
    }
    await scheduleFlush(
      tx,
      g,
      { newMembers: false, updates: true, firing: false },
      await loadSettings(tx, ctx.team.id),
      ctx.team,
      ctx.now,
    );
    return { kind: 'ok' as const, n: taken.length };
  });
  ctx.deps.wake();
  if (result.kind === 'expired') return { toast: { type: 'warning', content: ctx.t(AX.expired) } };
  if (result.kind === 'none') return { toast: { type: 'info', content: ctx.t(AX.nothingOpen) } };
  if (result.kind === 'taken') {
    const people = await teamPeople(ctx.deps, ctx.team.id);
    const who = (result.others.length ? result.others : [ctx.caller.openId])
      .map((o) => people.names.get(o) ?? o)
      .join('、');
    return { toast: { type: 'info', content: ctx.t(AX.alreadyClaimed, { who }) } };
  }
  const names = await storeNamesOf(ctx.deps, ctx.team.id);
  return {
    toast: { type: 'success', content: ctx.t(AX.claimed, { store: names.get(v.storeId) ?? '', n: result.n }) },
  };
}

/** Silences the store for 2 hours; pressing twice (or two people at once each pressing) makes one per person. */
export async function silenceAction(ctx: ActionContext, value: Record<string, unknown>): Promise<CardActionAnswer> {
  const v = ids(value);
  // As /silence: leaders, ops and supervisors.
  if (ctx.caller.role === 'agent') return { toast: { type: 'warning', content: ctx.t(AX.silenceRoles) } };
  const names = await storeNamesOf(ctx.deps, ctx.team.id);
  if (!v || !names.has(v.storeId)) return { toast: { type: 'warning', content: ctx.t(AX.expired) } };
  const s = await createSilence(
    ctx.deps,
    ctx.team,
    {
      storeId: v.storeId,
      metric: null,
      durationMs: TWO_HOURS,
      reason: '',
      by: ctx.caller.openId,
      source: `button:${v.groupId}:${v.seq}:${v.storeId}:${ctx.caller.openId}`,
    },
    ctx.now,
  );
  const scope = scopeText(s, names, ctx.t);
  if (!s.created) return { toast: { type: 'info', content: ctx.t(AX.silenced2h, { scope }) } };
  const people = await teamPeople(ctx.deps, ctx.team.id);
  await ctx.post(`${ctx.t(AX.silenced2h, { scope })} · #${s.id} · ${mentionAll(people.names, [ctx.caller.openId])}`);
  return { toast: { type: 'success', content: ctx.t(AX.silenced2h, { scope }) } };
}

/** The store's /kpi card, posted to the group. */
export async function kpiAction(ctx: ActionContext, value: Record<string, unknown>): Promise<CardActionAnswer> {
  const storeId = cardId(value, 'storeId');
  const store = storeId ? (await activeStores(ctx.deps.db, ctx.team.id)).find((s) => s.id === storeId) : undefined;
  if (!store) return { toast: { type: 'warning', content: ctx.t(AX.expired) } };
  const view = await kpiView(ctx.deps, ctx.team, store, 'yesterday', ctx.now);
  await ctx.post(typeof view === 'string' ? view : interactive(view));
  return {};
}
