/** The card's buttons and form: 正常 / 有问题 per item, 其余全部正常, 登记问题, a follow-up done. */
import { cardId, cardNumber } from '../../core/card-values';
import type { ActionContext } from '../../core/context';
import type { CardActionAnswer, Toast } from '../../core/inbound';
import { progress, type Confirm } from './items';
import { closeFollowup, lockInspection } from './repo';
import { markItem, refreshCard, type MarkResult } from './service';
import { IX } from './texts';

/** Leaders and supervisors confirm items (domain.md §1: the supervisor or a group leader walks it). */
export const mayConfirm = (role: string) => role === 'leader' || role === 'supervisor';

export function markAnswer(
  t: ActionContext['t'],
  r: MarkResult,
  c: Confirm,
): { toast: Toast; card?: CardActionAnswer['card'] } {
  if (r.outcome === 'not_found') return { toast: { type: 'error', content: t(IX.gone) } };
  const p = progress(r.row.items);
  const n = 'n' in c ? c.n : 0;
  if (r.outcome === 'unchanged') {
    const content =
      r.why === 'bad_number'
        ? t(IX.badItem, { n, total: p.total })
        : r.why === 'nothing_pending'
          ? t(IX.nothingPending)
          : t(IX.same, { n });
    return { toast: { type: 'info', content }, card: r.card };
  }
  const vars = { n: 'rest' in c ? r.touched.length : n, done: p.done, total: p.total };
  const content =
    'rest' in c ? t(IX.markedRest, vars) : c.state === 'ok' ? t(IX.markedOk, vars) : t(IX.markedProblem, vars);
  return { toast: { type: 'success', content }, card: r.card };
}

async function mark(ctx: ActionContext, id: number | undefined, c: Confirm): Promise<CardActionAnswer> {
  if (!mayConfirm(ctx.caller.role)) return { toast: { type: 'warning', content: ctx.t(IX.notAllowed) } };
  // A value from an old or forged card: no number, no inspection (a NaN in the query would be a 500).
  if (id === undefined) return { toast: { type: 'error', content: ctx.t(IX.gone) } };
  const r = await markItem(ctx.deps, ctx.team, id, c, ctx.caller.openId, ctx.now);
  return markAnswer(ctx.t, r, c);
}

export async function markAction(ctx: ActionContext, value: Record<string, unknown>): Promise<CardActionAnswer> {
  // A forged item number is 0, which names no item: the answer says which numbers there are.
  const n = cardNumber(value, 'n') ?? 0;
  if (value.state === 'problem') {
    const answer = await mark(ctx, cardId(value), {
      n,
      state: 'problem',
      note: ctx.t(IX.noteMissing),
      owner: ctx.caller.openId,
    });
    if (answer.toast?.type === 'success') answer.toast.content += `。${ctx.t(IX.addNote, { n })}`;
    return answer;
  }
  return mark(ctx, cardId(value), { n, state: 'ok' });
}

export const restAction = (ctx: ActionContext, value: Record<string, unknown>) =>
  mark(ctx, cardId(value), { rest: true });

/** The form: item number and what is wrong; the presser follows it up. */
export async function problemAction(ctx: ActionContext, value: Record<string, unknown>): Promise<CardActionAnswer> {
  const form = ctx.event.formValue ?? {};
  const word = String(form.n ?? '').trim();
  const n = /^\d{1,2}$/.test(word) ? Number(word) : NaN;
  const note = String(form.note ?? '').trim();
  if (Number.isNaN(n)) return { toast: { type: 'warning', content: ctx.t(IX.formBadNo, { word }) } };
  if (!note) return { toast: { type: 'warning', content: ctx.t(IX.needNote) } };
  return mark(ctx, cardId(value), { n, state: 'problem', note: note.slice(0, 200), owner: ctx.caller.openId });
}

export async function followupAction(ctx: ActionContext, value: Record<string, unknown>): Promise<CardActionAnswer> {
  if (!mayConfirm(ctx.caller.role)) return { toast: { type: 'warning', content: ctx.t(IX.notAllowed) } };
  const id = cardId(value, 'followup');
  const inspectionId = cardId(value);
  // A value from an old or forged card: no number, no row (a NaN in the query would be a 500).
  if (id === undefined || inspectionId === undefined)
    return { toast: { type: 'info', content: ctx.t(IX.followupGone, { id: String(value.followup ?? '') }) } };
  const closed = await ctx.deps.db.transaction(async (tx) => {
    // The card's row first (its lock orders this with the clicks), then the follow-up.
    const row = await lockInspection(tx, inspectionId, ctx.team.id);
    const f = await closeFollowup(tx, ctx.team.id, id, ctx.caller.openId, ctx.now);
    if (!f) return { ok: false as const };
    return {
      ok: true as const,
      card: row ? await refreshCard({ ...ctx.deps, db: tx }, ctx.team, row.id, ctx.now) : undefined,
    };
  });
  ctx.deps.wake();
  if (!closed.ok) return { toast: { type: 'info', content: ctx.t(IX.followupGone, { id }) } };
  return {
    toast: { type: 'success', content: ctx.t(IX.followupDone, { id }) },
    ...(closed.card ? { card: closed.card } : {}),
  };
}
