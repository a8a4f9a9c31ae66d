/** What each change says back, the same by command or by card button; and the card's buttons. */
import type { Locale } from '../../config';
import type { ActionContext } from '../../core/context';
import type { ActionHandler } from '../../core/command-def';
import type { CardActionAnswer, Toast } from '../../core/inbound';
import { effectiveRole } from '../../core/people';
import {
  limitOf,
  MAX_TEXT,
  type Answer,
  type ApprovalDecision,
  type OfferDecision,
  RESPONSIBILITIES,
  type Responsibility,
} from './rules';
import { categoryName, loadSettings } from './repo';
import { card, markdown } from '../../cards/card';
import { teamPeople } from '../duty/roster';
import { t, type Text } from '../../i18n';
import { money, roleName } from './card';
import {
  ackEscalation,
  openComplaint,
  approveOffer,
  approveRisk,
  offerTier,
  recordAnswer,
  setFacts,
  setResponsibility,
  type AckRefusal,
  type AnswerRefusal,
  type ChangeResult,
  type RiskRefusal,
} from './service';
import { checkNew } from './new-check';
import { NEW_FIELDS } from './new-form';
import { FACTS, type Fact } from './schema';
import { ANSWER_NAMES, CX, FACT_NAMES, RESPONSIBILITY_NAMES } from './texts';
import { cardNumber } from '../../core/card-values';

export interface Said {
  type: Toast['type'];
  text: string;
}

type Name = (openId: string) => string;

/** not_found / closed are said the same of every change; `ok` and `refused` by the change. */
function common(L: Locale, r: ChangeResult<unknown, unknown>, id: number): Said | undefined {
  if (r.outcome === 'not_found') return { type: 'warning', text: t(L, CX.notFound, { id }) };
  if (r.outcome === 'closed') return { type: 'warning', text: t(L, CX.closedAlready, { id }) };
  return undefined;
}

const ok = (L: Locale, text: Text, vars: Record<string, string | number>): Said => ({
  type: 'success',
  text: t(L, text, vars),
});
const info = (L: Locale, text: Text, vars: Record<string, string | number>): Said => ({
  type: 'info',
  text: t(L, text, vars),
});
const warn = (L: Locale, text: Text, vars: Record<string, string | number>): Said => ({
  type: 'warning',
  text: t(L, text, vars),
});

export function saidResp(
  L: Locale,
  r: ChangeResult<{ same: string }>,
  id: number,
  resp: Responsibility,
  name: Name,
): Said {
  const vars = { id, resp: t(L, RESPONSIBILITY_NAMES[resp]) };
  return (
    common(L, r, id) ??
    (r.outcome === 'refused' ? info(L, CX.respSame, { ...vars, who: name(r.detail.same) }) : ok(L, CX.respSet, vars))
  );
}

export function saidFacts(L: Locale, r: ChangeResult<'same', Fact[]>, id: number): Said {
  const c = common(L, r, id);
  if (c) return c;
  if (r.outcome !== 'ok') return info(L, CX.factsSame, { id });
  const names = (r.detail ?? []).map((f) => t(L, FACT_NAMES[f]));
  return ok(L, CX.factsSaved, { id, fields: names.join(L === 'zh-CN' ? '、' : ', ') });
}

export function saidRisk(L: Locale, r: ChangeResult<RiskRefusal>, id: number, role: string, name: Name): Said {
  const c = common(L, r, id);
  if (c) return c;
  if (r.outcome === 'ok') return ok(L, CX.riskApproved, { id, role: roleName(L, role) });
  if (r.outcome !== 'refused') return ok(L, CX.riskApproved, { id, role: roleName(L, role) });
  const d = r.detail;
  if (d.why === 'not_needed') return info(L, CX.riskNotNeeded, { id });
  if (d.why === 'role') return warn(L, CX.riskWrongRole, { role: roleName(L, d.role) });
  return info(L, CX.riskAlready, { id, role: roleName(L, role), who: name(d.by) });
}

export function saidOffer(L: Locale, r: ChangeResult<OfferDecision>, id: number, tier: number, limit: number): Said {
  const c = common(L, r, id);
  if (c) return c;
  if (r.outcome === 'not_found' || r.outcome === 'closed') return c!;
  const d = r.detail!;
  const label = r.complaint.offers.find((o) => o.tier === tier)?.label ?? '';
  switch (d.kind) {
    case 'offer':
      return ok(L, CX.offered, { id, tier, label });
    case 'approval':
      return info(L, CX.offerNeedsApproval, {
        id,
        tier,
        amount: money(d.amount),
        limit: money(limit),
        role: roleName(L, d.role),
      });
    case 'risk':
      return warn(L, CX.offerRisk, { id });
    case 'settled':
      return info(L, CX.offerSettled, { id });
    case 'already':
      return info(L, CX.offerAlready, { id, tier });
    case 'waiting':
      return warn(L, CX.offerWaiting, { id, tier: d.tier });
    case 'out_of_order':
      return warn(L, CX.offerOutOfOrder, { id, next: d.next });
    case 'no_more':
      return warn(L, CX.offerNoMore, { id });
  }
}

export function saidApproval(
  L: Locale,
  r: ChangeResult<ApprovalDecision>,
  id: number,
  tier: number,
  limit: number,
  name: Name,
): Said {
  const c = common(L, r, id);
  if (c) return c;
  if (r.outcome === 'ok') return ok(L, CX.approved, { id, tier });
  if (r.outcome !== 'refused') return c!;
  const d = r.detail;
  if (d.kind === 'none') return info(L, CX.approvalNone, { id, tier });
  if (d.kind === 'already') return info(L, CX.approvalAlready, { id, tier, who: name(d.by) });
  const amount = r.complaint.offers.find((o) => o.tier === tier)?.amount ?? 0;
  return warn(L, CX.approvalAuthority, {
    limit: money(limit),
    amount: money(amount),
    role: roleName(L, d.kind === 'authority' ? d.role : ''),
  });
}

export function saidAnswer(L: Locale, r: ChangeResult<AnswerRefusal>, id: number, answer: Answer): Said {
  const c = common(L, r, id);
  if (c) return c;
  if (r.outcome === 'ok') {
    const tier = r.complaint.offers.at(-1)!.tier;
    return ok(L, CX.answered, { id, tier, answer: t(L, ANSWER_NAMES[answer]) });
  }
  if (r.outcome !== 'refused') return c!;
  const d = r.detail;
  if (d.why === 'none') return warn(L, CX.answerNone, { id });
  return info(L, CX.answerSame, { id, tier: d.tier, answer: t(L, ANSWER_NAMES[d.answer]) });
}

export function saidAck(L: Locale, r: ChangeResult<AckRefusal>, id: number, name: Name): Said {
  const c = common(L, r, id);
  if (c) return c;
  if (r.outcome === 'ok') return ok(L, CX.acked, { id });
  if (r.outcome !== 'refused') return c!;
  if (r.detail.why === 'role') return warn(L, CX.ackRole, { id });
  return r.detail.why === 'already'
    ? info(L, CX.ackAlready, { id, who: name(r.detail.by) })
    : info(L, CX.ackNotEscalated, { id });
}

async function nameOf(ctx: Pick<ActionContext, 'deps' | 'team'>): Promise<Name> {
  const names = (await teamPeople(ctx.deps, ctx.team.id)).names;
  return (openId) => names.get(openId) ?? openId;
}

export const callerLimit = async (ctx: Pick<ActionContext, 'deps' | 'team'>, role: Parameters<typeof limitOf>[0]) =>
  limitOf(role, (await loadSettings(ctx.deps.db, ctx.team.id)).limits);

function answer(s: Said, r: ChangeResult<unknown, unknown>): CardActionAnswer {
  return {
    toast: { type: s.type, content: s.text },
    ...(r.outcome === 'ok' ? { card: r.card } : {}),
  };
}

/** A number from the card (an id, a tier); 0 — no complaint, no tier — for an old or forged card. */
const num = (v: Record<string, unknown>, key: string) => cardNumber(v, key) ?? 0;

const formText = (ctx: ActionContext, name: string) => String(ctx.event.formValue?.[name] ?? '').trim();

const ANSWERS: readonly Answer[] = ['accepted', 'declined', 'no_answer'];

export const complaintActions: Record<string, ActionHandler> = {
  /** The form of `/complaint new`: one complaint per form card, whoever submits it and however often. */
  'complaint.new': async (ctx) => {
    const warn = (content: string): CardActionAnswer => ({ toast: { type: 'warning', content } });
    const fields = Object.fromEntries(NEW_FIELDS.map((f) => [f, formText(ctx, f)]));
    const checked = await checkNew(ctx.deps, ctx.team, ctx.t, fields);
    if ('problem' in checked) return warn(checked.problem);
    const r = await openComplaint(
      ctx.deps,
      ctx.team,
      { ...checked.input, owner: ctx.caller.openId, source: `form:${ctx.event.messageId}` },
      ctx.now,
    );
    const c = r.complaint;
    const said = t(ctx.locale, r.outcome === 'new' ? CX.formOpened : CX.formAlready, {
      id: c.id,
      store: c.storeName,
      category: categoryName(ctx.locale, c.category),
    });
    return {
      toast: {
        type: r.outcome === 'new' ? 'success' : 'info',
        content: checked.warning ? `${said}\n${checked.warning}` : said,
      },
      card: card({ title: t(ctx.locale, CX.formTitle), color: 'grey', elements: [markdown(said)] }),
    };
  },
  'complaint.facts': async (ctx, v) => {
    const id = num(v, 'id');
    const patch: Partial<Record<Fact, string>> = {};
    for (const f of FACTS) patch[f] = formText(ctx, f);
    if (FACTS.some((f) => patch[f]!.length > MAX_TEXT))
      return { toast: { type: 'warning', content: t(ctx.locale, CX.tooLong, { n: MAX_TEXT }) } };
    const r = await setFacts(ctx.deps, ctx.team, id, patch, ctx.caller.openId, ctx.now);
    return answer(saidFacts(ctx.locale, r, id), r);
  },
  'complaint.resp': async (ctx, v) => {
    const id = num(v, 'id');
    const resp = RESPONSIBILITIES.find((x) => x === v.r) ?? 'store';
    const note = formText(ctx, 'note');
    if (note.length > MAX_TEXT)
      return { toast: { type: 'warning', content: t(ctx.locale, CX.tooLong, { n: MAX_TEXT }) } };
    const r = await setResponsibility(ctx.deps, ctx.team, id, resp, note, ctx.caller.openId, ctx.now);
    return answer(saidResp(ctx.locale, r, id, resp, await nameOf(ctx)), r);
  },
  'complaint.approveRisk': async (ctx, v) => {
    const id = num(v, 'id');
    const want = v.role === 'ops' ? 'ops' : 'supervisor';
    const r = await approveRisk(ctx.deps, ctx.team, id, ctx.caller, want, ctx.now);
    return answer(saidRisk(ctx.locale, r, id, want, await nameOf(ctx)), r);
  },
  'complaint.offer': async (ctx, v) => {
    const id = num(v, 'id');
    const tier = num(v, 'tier');
    const r = await offerTier(ctx.deps, ctx.team, id, tier, ctx.caller, ctx.now);
    const limit = await callerLimit(ctx, effective(ctx));
    return answer(saidOffer(ctx.locale, r, id, tier, limit), r);
  },
  'complaint.approveOffer': async (ctx, v) => {
    const id = num(v, 'id');
    const tier = num(v, 'tier');
    const r = await approveOffer(ctx.deps, ctx.team, id, tier, ctx.caller, ctx.now);
    const limit = await callerLimit(ctx, effective(ctx));
    return answer(saidApproval(ctx.locale, r, id, tier, limit, await nameOf(ctx)), r);
  },
  'complaint.answer': async (ctx, v) => {
    const id = num(v, 'id');
    const a = ANSWERS.find((x) => x === v.a) ?? 'no_answer';
    const r = await recordAnswer(ctx.deps, ctx.team, id, a, ctx.caller.openId, ctx.now, num(v, 'tier'));
    return answer(saidAnswer(ctx.locale, r, id, a), r);
  },
  'complaint.ack': async (ctx, v) => {
    const id = num(v, 'id');
    const r = await ackEscalation(ctx.deps, ctx.team, id, ctx.caller, ctx.now);
    return answer(saidAck(ctx.locale, r, id, await nameOf(ctx)), r);
  },
};

const effective = (ctx: Pick<ActionContext, 'deps' | 'caller'>) => effectiveRole(ctx.deps, ctx.caller);
