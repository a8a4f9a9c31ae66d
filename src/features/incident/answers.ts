/** What a change says back, the same by command or button, and the card buttons themselves. */
import type { Locale } from '../../config';
import { cardId, cardNumber } from '../../core/card-values';
import type { ActionContext } from '../../core/context';
import type { ActionHandler } from '../../core/command-def';
import type { CardActionAnswer, Toast } from '../../core/inbound';
import { listMembers } from '../../core/teams';
import type { Db } from '../../db/client';
import { t } from '../../i18n';
import { M } from '../../i18n/messages';
import { teamPeople } from '../duty/roster';
import {
  acknowledge,
  closeIncident,
  completeStep,
  markMitigated,
  postUpdate,
  reassignStep,
  renderIncident,
  setSeverity,
  type ChangeResult,
} from './service';
import { IX } from './texts';

export type Change = 'ack' | 'step' | 'reassign' | 'update' | 'sev' | 'mitigated' | 'wording' | 'close';

const OK: Record<Change, (typeof IX)[keyof typeof IX]> = {
  ack: IX.acked,
  step: IX.stepDoneOk,
  reassign: IX.reassigned,
  update: IX.updated,
  sev: IX.sevChanged,
  mitigated: IX.mitigatedOk,
  wording: IX.wordingSet,
  close: IX.closed,
};

/** The sentence for `r`; `vars` has {id} and what the change names ({n}, {sev}, {who}). */
export function answerText(
  L: Locale,
  change: Change,
  r: ChangeResult,
  vars: Record<string, string | number>,
  name: (openId: string) => string,
): { type: Toast['type']; text: string } {
  switch (r.outcome) {
    case 'ok':
      return { type: 'success', text: t(L, OK[change], vars) };
    case 'not_found':
      return { type: 'warning', text: t(L, IX.notFound, vars) };
    case 'closed':
      return { type: 'warning', text: t(L, IX.closedAlready, vars) };
    case 'no_step':
      return { type: 'warning', text: t(L, IX.noStep, { ...vars, count: r.incident.steps.length }) };
    case 'already': {
      const who = r.who ? name(r.who) : '';
      if (change === 'ack') return { type: 'info', text: t(L, IX.alreadyAcked, { ...vars, who }) };
      if (change === 'step') return { type: 'info', text: t(L, IX.stepAlready, { ...vars, who }) };
      if (change === 'sev') return { type: 'info', text: t(L, IX.sevSame, { ...vars, sev: r.incident.severity }) };
      if (change === 'reassign') return { type: 'info', text: t(L, IX.reassigned, { ...vars, who }) };
      return { type: 'info', text: t(L, OK[change], vars) };
    }
  }
}

/**
 * A team member named by a mention or typed as a name ("李组长"); undefined when the person is
 * not in the team (a reassign to someone outside it changes nothing).
 */
export async function findMember(
  db: Db,
  teamId: number,
  word: string,
  mentioned?: { openId: string },
): Promise<string | undefined> {
  const members = await listMembers(db, teamId);
  if (mentioned) return members.find((m) => m.openId === mentioned.openId)?.openId;
  const name = word.trim().replace(/^@/, '');
  return members.find((m) => m.name === name)?.openId;
}

const note = (ctx: ActionContext) => String(ctx.event.formValue?.note ?? '').trim();

async function answer(
  ctx: ActionContext,
  change: Change,
  vars: Record<string, string | number>,
  r: ChangeResult,
): Promise<CardActionAnswer> {
  const people = await teamPeople(ctx.deps, ctx.team.id);
  const { type, text } = answerText(ctx.locale, change, r, vars, (id) => people.names.get(id) ?? id);
  if (r.outcome === 'ok') return { toast: { type, content: text }, card: r.card };
  if (r.outcome === 'not_found') return { toast: { type, content: text } };
  return { toast: { type, content: text }, card: await renderIncident(ctx.deps, ctx.team, r.incident, ctx.now) };
}

/** A card button: `run` gets the incident id; a button without one (an old card) has expired. */
const button =
  (
    change: Change,
    run: (ctx: ActionContext, id: number, value: Record<string, unknown>) => Promise<CardActionAnswer | ChangeResult>,
    vars: (v: Record<string, unknown>) => Record<string, string | number> = () => ({}),
  ): ActionHandler =>
  async (ctx, value) => {
    const id = cardId(value);
    if (id === undefined) return { toast: { type: 'warning', content: ctx.t(M.actionExpired) } };
    const r = await run(ctx, id, value);
    if (!('outcome' in r)) return r;
    return answer(ctx, change, { id, ...vars(value) }, r);
  };

const warn = (content: string): CardActionAnswer => ({ toast: { type: 'warning', content } });

export const incidentActions: Record<string, ActionHandler> = {
  'incident.ack': button('ack', (ctx, id) => acknowledge(ctx.deps, ctx.team, id, ctx.caller.openId, ctx.now)),
  'incident.step': button(
    'step',
    // A forged step number is no step: 0 names none, and the answer says how many there are.
    (ctx, id, v) => completeStep(ctx.deps, ctx.team, id, cardNumber(v, 'n') ?? 0, ctx.caller.openId, ctx.now),
    (v) => ({ n: cardNumber(v, 'n') ?? '?' }),
  ),
  'incident.mitigated': button('mitigated', (ctx, id) =>
    markMitigated(ctx.deps, ctx.team, id, ctx.caller.openId, ctx.now),
  ),
  'incident.sev': button(
    'sev',
    async (ctx, id, v) => {
      // S1–S3 only: a forged level would be stored as the incident's severity (or NaN, refused by Postgres).
      const sev = cardNumber(v, 'sev', { max: 3 });
      if (sev === undefined) return warn(ctx.t(IX.badSev));
      return setSeverity(ctx.deps, ctx.team, id, sev, ctx.caller.openId, ctx.now);
    },
    (v) => ({ sev: cardNumber(v, 'sev', { max: 3 }) ?? '?' }),
  ),
  'incident.update': button('update', async (ctx, id, v) => {
    const text = note(ctx);
    if (!text) return warn(ctx.t(IX.needText));
    // The card's version in the button: two presses of one card with one text post one update.
    return postUpdate(
      ctx.deps,
      ctx.team,
      id,
      text.slice(0, 500),
      ctx.caller.openId,
      `card:${String(v.v ?? '')}`,
      ctx.now,
    );
  }),
  'incident.close': button('close', async (ctx, id) => {
    const summary = note(ctx);
    if (!summary) return warn(ctx.t(IX.needSummary, { id }));
    return closeIncident(ctx.deps, ctx.team, id, summary.slice(0, 1000), ctx.caller.openId, ctx.now);
  }),
  'incident.reassign': button('reassign', async (ctx, id) => {
    // "2 李组长": the step, then a member's name.
    const m = /^(\d+)\s+(.+)$/.exec(note(ctx));
    if (!m) return warn(ctx.t(IX.notePlaceholder));
    const n = Number(m[1]);
    const to = await findMember(ctx.deps.db, ctx.team.id, m[2]!);
    if (!to) return warn(ctx.t(IX.notMember, { name: m[2]! }));
    const r = await reassignStep(ctx.deps, ctx.team, id, n, to, ctx.caller.openId, ctx.now);
    return answer(ctx, 'reassign', { id, n, who: m[2]!.replace(/^@/, '') }, r);
  }),
};
