/** The mood cards' buttons: a check-in from the card, the care card's steps, cover and close, forget. */
import { cardId, cardNumber } from '../../core/card-values';
import { M } from '../../i18n/messages';
import type { ActionContext } from '../../core/context';
import type { CardActionAnswer } from '../../core/inbound';
import type { Team } from '../../core/teams';
import { answeredCard, coverAskCard, forgetCard } from './card';
import { deleteEntriesOf } from './repo';
import { cardNote, needsCare, type Level } from './rules';
import { careOp, recordCheckIn, renderCare, type CareOp } from './service';
import { CARE_STEPS, LEVEL_TEXT, MX } from './texts';

const toast = (type: 'success' | 'info' | 'warning' | 'error', content: string): CardActionAnswer => ({
  toast: { type, content },
});

/** A level pressed on a check-in card: one entry per card (a second press says it was answered). */
export async function checkInAction(ctx: ActionContext, value: Record<string, unknown>): Promise<CardActionAnswer> {
  // `true` or [2] from a forged card would have read as a level (and started a care at 1).
  const level = cardNumber(value, 'level', { max: 4 });
  if (level === undefined) return toast('error', ctx.t(MX.badLevel, levelArgs(ctx.t, String(value.level))));
  const note = cardNote(ctx.event.formValue?.note);
  if (note === undefined) return toast('error', ctx.t(MX.noteTooLong));
  const source = `card:${ctx.event.messageId}`;
  const r = await recordCheckIn(ctx.deps, ctx.team, ctx.caller, { level, note, source }, ctx.now);
  if (r.outcome === 'duplicate') return toast('info', ctx.t(MX.alreadyAnswered));
  const text = recordedText(ctx.t, level);
  return { ...toast('success', text), card: answeredCard(ctx.locale, level, text) };
}

export const recordedText = (tr: ActionContext['t'], level: number) =>
  tr(needsCare(level) ? MX.recordedCare : MX.recorded, { n: level, text: tr(LEVEL_TEXT[level as Level]) });

/** The words of the bad-level message: the word typed and the four levels. */
export const levelArgs = (tr: ActionContext['t'], word: string) => ({
  word,
  l1: tr(LEVEL_TEXT[1]),
  l2: tr(LEVEL_TEXT[2]),
  l3: tr(LEVEL_TEXT[3]),
  l4: tr(LEVEL_TEXT[4]),
});

async function answerCare(ctx: ActionContext, value: Record<string, unknown>, op: CareOp, ok: string) {
  const id = cardId(value);
  if (id === undefined) return toast('error', ctx.t(MX.careNotFound, { id: String(value.id ?? '') }));
  // A step the card does not have (a forged "abc", 99) would be stored as a tick of a real care.
  if (op.kind === 'step' && !Number.isSafeInteger(op.step)) return toast('warning', ctx.t(M.actionExpired));
  const r = await careOp(ctx.deps, ctx.team, id, ctx.caller, op, ctx.now);
  if (r.outcome === 'not_found') return toast('error', ctx.t(MX.careNotFound, { id }));
  if (r.outcome === 'forbidden' || r.outcome === 'not_asked') return toast('warning', ctx.t(MX.careNotAllowed));
  if (r.outcome === 'closed') return toast('info', ctx.t(MX.careIsClosed, { id }));
  if (r.outcome !== 'ok' && r.outcome !== 'same') return toast('warning', ctx.t(MX.coverNone));
  if (op.kind === 'answer')
    return { ...toast('success', ok), card: await coverCard(ctx, ctx.team, r.care.id, op.answer) };
  return {
    ...toast(r.outcome === 'ok' ? 'success' : 'info', ok),
    card: await renderCare(ctx.deps, ctx.team, r.care, ctx.now),
  };
}

async function coverCard(ctx: ActionContext, team: Team, careId: number, answer: 'accepted' | 'declined') {
  return coverAskCard(ctx.locale, { team: team.id, careId, boss: '', who: '', stores: [], answer });
}

export const careActions = {
  'mood.ack': (ctx: ActionContext, v: Record<string, unknown>) =>
    answerCare(ctx, v, { kind: 'ack' }, ctx.t(MX.careAckedToast)),
  'mood.step': (ctx: ActionContext, v: Record<string, unknown>) =>
    answerCare(
      ctx,
      v,
      { kind: 'step', step: cardNumber(v, 'step', { max: CARE_STEPS.length }) ?? NaN, checked: v.checked !== false },
      ctx.t(MX.careStepToast),
    ),
  'mood.close': (ctx: ActionContext, v: Record<string, unknown>) =>
    answerCare(ctx, v, { kind: 'close' }, ctx.t(MX.careClosedToast)),
  'mood.askCover': (ctx: ActionContext, v: Record<string, unknown>) =>
    answerCare(ctx, v, { kind: 'ask', openId: String(v.openId ?? '') }, ctx.t(MX.careStepToast)),
  'mood.cover': (ctx: ActionContext, v: Record<string, unknown>) =>
    answerCare(
      ctx,
      v,
      { kind: 'answer', answer: v.answer === 'accepted' ? 'accepted' : 'declined' },
      ctx.t(MX.careStepToast),
    ),
};

/** 确认删除 on the forget card: the presser's own entries, whoever's card it was. */
export async function forgetAction(ctx: ActionContext): Promise<CardActionAnswer> {
  const n = await deleteEntriesOf(ctx.deps.db, ctx.caller.id);
  if (!n) return { ...toast('info', ctx.t(MX.forgetNothing)), card: forgetCard(ctx.locale, ctx.team.id, 0, 0) };
  return { ...toast('success', ctx.t(MX.forgotten, { n })), card: forgetCard(ctx.locale, ctx.team.id, n, n) };
}
