/** What /complaint does, behind the thin definition in commands/complaint.ts. */
import { interactive } from '../../cards/card';
import { recordAudit } from '../../core/audit';
import type { CommandContext } from '../../core/context';
import { effectiveRole } from '../../core/people';
import { formatDuration } from '../../domain/duration';
import { parseDuration } from '../../domain/duration';
import { formatLocal } from '../../domain/local-time';
import { t } from '../../i18n';
import { teamPeople } from '../duty/roster';
import { activeStores } from '../stores/repo';
import { matchStore, noStoreMatch } from '../stores/rules';
import {
  callerLimit,
  saidAck,
  saidAnswer,
  saidApproval,
  saidFacts,
  saidOffer,
  saidResp,
  saidRisk,
  type Said,
} from './answers';
import { money, nextDue } from './card';
import {
  categoryName,
  complaintRowsSince,
  getComplaint,
  loadSettings,
  openComplaints,
  recentComplaints,
  saveSettings,
  storedSettings,
  type Complaint,
} from './repo';
import {
  CATEGORIES,
  complaintStats,
  matchCategory,
  matchResponsibility,
  matchRootCause,
  MAX_TEXT,
  orderLooksRight,
  parseMoney,
  parseTiers,
  RESPONSIBILITIES,
  ROOT_CAUSES,
  STAGES,
  type Answer,
  type Category,
  type ComplaintSettings,
} from './rules';
import {
  ackEscalation,
  addNote,
  approveOffer,
  approveRisk,
  closeComplaint,
  finishFollowup,
  flagCrisis,
  offerTier,
  openComplaint,
  pauseClock,
  recordAnswer,
  renderComplaint,
  resumeClock,
  setFacts,
  setResponsibility,
} from './service';
import { categoryList, checkNew, type NewArgs } from './new-check';
import { newComplaintForm } from './new-form';
import { FACTS, type Fact } from './schema';
import { CATEGORY_NAMES, CAUSE_NAMES, CX, FACT_WORDS, RESPONSIBILITY_NAMES, STAGE_NAMES } from './texts';

type Mention = { openId: string; name: string };

const usage = (ctx: CommandContext, problem: string, which: 'new' | 'id') =>
  ctx.reply(
    [
      problem,
      ctx.t(which === 'new' ? CX.newUsage : CX.idUsage),
      ctx.t(which === 'new' ? CX.newExample : CX.idExample),
    ].join('\n'),
  );

const say = (ctx: CommandContext, s: Said) => ctx.reply(s.text);

/** "12", "#12" → 12. */
export const complaintId = (w: string | undefined): number | undefined => {
  const s = (w ?? '').trim().replace(/^#/, '');
  return /^\d{1,12}$/.test(s) ? Number(s) : undefined;
};

/**
 * `/complaint new <store> <order> <wants> [amount=] [category=] [crisis=yes]`; with nothing after
 * `new`, the form card that asks for the same.
 */
export async function newFromCommand(ctx: CommandContext, a: NewArgs) {
  if (![a.store, a.order, a.wants, a.amount, a.category, a.crisis].some((x) => x?.trim()))
    return ctx.reply(
      interactive(
        newComplaintForm(
          ctx.locale,
          (await activeStores(ctx.deps.db, ctx.team.id)).map((s) => s.name),
        ),
      ),
    );
  const checked = await checkNew(ctx.deps, ctx.team, ctx.t, a);
  if ('problem' in checked) return checked.usage ? usage(ctx, checked.problem, 'new') : ctx.reply(checked.problem);
  const r = await openComplaint(
    ctx.deps,
    ctx.team,
    { ...checked.input, owner: ctx.caller.openId, source: ctx.event.id },
    ctx.now,
  );
  if (r.outcome === 'duplicate') return;
  if (ctx.event.chatType === 'p2p')
    await ctx.reply(
      ctx.t(CX.opened, {
        id: r.complaint.id,
        store: r.complaint.storeName,
        category: categoryName(ctx.locale, r.complaint.category),
      }),
    );
}

async function names(ctx: CommandContext) {
  const n = (await teamPeople(ctx.deps, ctx.team.id)).names;
  return (openId: string) => n.get(openId) ?? openId;
}

const ANSWER_WORDS: Record<string, Answer> = {
  accepted: 'accepted',
  accept: 'accepted',
  yes: 'accepted',
  接受: 'accepted',
  同意: 'accepted',
  declined: 'declined',
  decline: 'declined',
  no: 'declined',
  拒绝: 'declined',
  不同意: 'declined',
  none: 'no_answer',
  no_answer: 'no_answer',
  未回复: 'no_answer',
  无回复: 'no_answer',
};

/** `/complaint <id> …`. */
export async function idAction(ctx: CommandContext, id: number, words: string[], mentions: Mention[]) {
  const [verb = '', ...rest] = words;
  const text = rest.join(' ').trim();
  const actor = ctx.caller.openId;
  const { deps, team, now, locale: L } = ctx;
  const v = verb.toLowerCase();
  if (!verb) {
    const c = await getComplaint(deps.db, team.id, id);
    if (!c) return ctx.reply(ctx.t(CX.notFound, { id }));
    return ctx.reply(interactive(await renderComplaint(deps, team, c, now)));
  }
  if (text.length > MAX_TEXT) return usage(ctx, ctx.t(CX.tooLong, { n: MAX_TEXT }), 'id');
  const simple = (
    r: { outcome: string },
    okText: (typeof CX)[keyof typeof CX],
    refusedText: (typeof CX)[keyof typeof CX],
    vars = {},
  ) => {
    if (r.outcome === 'not_found') return ctx.reply(ctx.t(CX.notFound, { id }));
    if (r.outcome === 'closed') return ctx.reply(ctx.t(CX.closedAlready, { id }));
    return ctx.reply(ctx.t(r.outcome === 'ok' ? okText : refusedText, { id, ...vars }));
  };
  switch (v) {
    case 'note':
    case '记录':
    case '定位': {
      if (!text) return usage(ctx, ctx.t(CX.needNote), 'id');
      return simple(await addNote(deps, team, id, text, actor, ctx.event.id, now), CX.noted, CX.noted);
    }
    case 'facts':
    case '定位问题': {
      const patch = parseFacts(text);
      if (!patch) return usage(ctx, ctx.t(CX.factsUsage), 'id');
      return say(ctx, saidFacts(L, await setFacts(deps, team, id, patch, actor, now), id));
    }
    case 'resp':
    case '责任': {
      const resp = matchResponsibility(rest[0] ?? '');
      if (!resp) {
        const list = RESPONSIBILITIES.map((r) => `${r}（${ctx.t(RESPONSIBILITY_NAMES[r])}）`).join(' ');
        return usage(ctx, ctx.t(CX.badResp, { word: rest[0] ?? '', list }), 'id');
      }
      const r = await setResponsibility(deps, team, id, resp, rest.slice(1).join(' '), actor, now);
      return say(ctx, saidResp(L, r, id, resp, await names(ctx)));
    }
    case 'offer':
    case '补偿': {
      let tier: number | undefined = rest[0] ? Number(rest[0]) : undefined;
      if (tier !== undefined && !(Number.isSafeInteger(tier) && tier > 0))
        return usage(ctx, ctx.t(CX.badId, { word: rest[0]! }), 'id');
      if (tier === undefined) {
        const c = await getComplaint(deps.db, team.id, id);
        tier = (c?.offers.length ?? 0) + 1;
      }
      const r = await offerTier(deps, team, id, tier, ctx.caller, now);
      const limit = await callerLimit(ctx, effectiveRole(deps, ctx.caller));
      return say(ctx, saidOffer(L, r, id, tier, limit));
    }
    case 'approve':
    case '批准': {
      const c = await getComplaint(deps.db, team.id, id);
      if (!c) return ctx.reply(ctx.t(CX.notFound, { id }));
      const pending = c.offers.find((o) => o.needs && !o.approvedBy);
      const tierWord = rest[0] && /^\d+$/.test(rest[0]) ? Number(rest[0]) : undefined;
      if (rest[0] === 'risk' || rest[0] === '风险' || (tierWord === undefined && !pending)) {
        const role = effectiveRole(deps, ctx.caller);
        const r = await approveRisk(deps, team, id, ctx.caller, undefined, now);
        return say(ctx, saidRisk(L, r, id, role === 'ops' ? 'ops' : 'supervisor', await names(ctx)));
      }
      const tier = tierWord ?? pending!.tier;
      const r = await approveOffer(deps, team, id, tier, ctx.caller, now);
      const limit = await callerLimit(ctx, effectiveRole(deps, ctx.caller));
      return say(ctx, saidApproval(L, r, id, tier, limit, await names(ctx)));
    }
    case 'answer':
    case '答复': {
      const a = ANSWER_WORDS[(rest[0] ?? '').toLowerCase()];
      if (!a) return usage(ctx, ctx.t(CX.badAnswer), 'id');
      return say(ctx, saidAnswer(L, await recordAnswer(deps, team, id, a, actor, now), id, a));
    }
    case 'pause':
    case '暂停':
      return simple(await pauseClock(deps, team, id, actor, now), CX.pausedOk, CX.pausedAlready);
    case 'resume':
    case '恢复': {
      const r = await resumeClock(deps, team, id, actor, now);
      const minutes = r.outcome === 'ok' ? formatDuration(r.detail ?? 0, L) : '';
      return simple(r, CX.resumed, CX.notPaused, { minutes });
    }
    case 'crisis':
    case '舆情':
      return simple(await flagCrisis(deps, team, id, actor, now), CX.crisisSet, CX.crisisAlready);
    case 'ack':
    case '跟进':
      return say(ctx, saidAck(L, await ackEscalation(deps, team, id, ctx.caller, now), id, await names(ctx)));
    case 'close':
    case '闭环':
    case '关闭':
      return closeFromCommand(ctx, id, rest, mentions);
    case 'followup':
    case '跟进项':
      return simple(await finishFollowup(deps, team, id, actor, now), CX.followupDoneOk, CX.followupNone);
    default:
      return usage(ctx, ctx.t(CX.badId, { word: verb }), 'id');
  }
}

const FACT_KEY = new RegExp(`(?:^|\\s)(${FACTS.flatMap((f) => FACT_WORDS[f]).join('|')})\\s*[=＝:：]`, 'gi');

/** `经过=… 诉求=… 进度=…` (any order, any subset; a value runs to the next key) → the facts, or undefined. */
export function parseFacts(text: string): Partial<Record<Fact, string>> | undefined {
  const keys = [...text.matchAll(FACT_KEY)];
  if (!keys.length || text.slice(0, keys[0]!.index).trim()) return undefined;
  const out: Partial<Record<Fact, string>> = {};
  keys.forEach((k, i) => {
    const word = k[1]!.toLowerCase();
    const f = FACTS.find((x) => FACT_WORDS[x].includes(word))!;
    out[f] = text.slice(k.index! + k[0].length, keys[i + 1]?.index ?? text.length).trim();
  });
  return out;
}

/** `close <cause> <root cause> ; <prevention> [training|process @owner]`: nothing changes without all three. */
async function closeFromCommand(ctx: CommandContext, id: number, words: string[], mentions: Mention[]) {
  const [causeWord = '', ...more] = words;
  const all = more.join(' ');
  const cause = matchRootCause(causeWord);
  if (!causeWord) return usage(ctx, ctx.t(CX.closeNeeds), 'id');
  if (!cause) {
    const list = ROOT_CAUSES.map((r) => `${r}（${ctx.t(CAUSE_NAMES[r])}）`).join(' ');
    return usage(ctx, ctx.t(CX.badCause, { word: causeWord, list }), 'id');
  }
  const [rootText = '', afterSemi = ''] = all.split(/[;；]/, 2).map((s) => s.trim());
  // The follow-up is the last words: "training @李组长" or "process @王主管".
  const fm = /(?:^|\s)(training|process|培训|流程)(?:\s+@?\S+)?\s*$/i.exec(afterSemi);
  const prevention = (fm ? afterSemi.slice(0, fm.index) : afterSemi).trim();
  if (!rootText || !prevention) return usage(ctx, ctx.t(CX.closeNeeds), 'id');
  let followup: { kind: 'training' | 'process'; owner: string } | undefined;
  if (fm) {
    const kind = /^(training|培训)$/i.test(fm[1]!) ? 'training' : 'process';
    const owner = mentions.at(-1)?.openId;
    if (!owner) return usage(ctx, ctx.t(CX.followupNeedsOwner, { kind: fm[1]! }), 'id');
    followup = { kind, owner };
  }
  const r = await closeComplaint(
    ctx.deps,
    ctx.team,
    id,
    { cause, text: rootText, prevention, ...(followup ? { followup } : {}) },
    ctx.caller.openId,
    ctx.now,
  );
  if (r.outcome === 'not_found') return ctx.reply(ctx.t(CX.notFound, { id }));
  if (r.outcome === 'closed') return ctx.reply(ctx.t(CX.closedAlready, { id }));
  return ctx.reply(ctx.t(CX.closed, { id }));
}

/** A complaint's state in a line: closed, late, or the next deadline. */
export function stateLine(L: CommandContext['locale'], c: Complaint, zone: string, now: Date): string {
  if (c.closedAt) return t(L, CX.stateClosed);
  const next = nextDue(c);
  if (!next) return t(L, CX.stateClosed);
  const stage = t(L, STAGE_NAMES[next.stage]);
  if (c.breaches.includes(next.stage) || next.at.getTime() <= now.getTime()) return t(L, CX.stateLate, { stage });
  return t(L, CX.stateOpen, { stage, at: formatLocal(next.at, zone, L, now) });
}

export async function listText(ctx: CommandContext, openOnly: boolean) {
  const rows = openOnly
    ? await openComplaints(ctx.deps.db, ctx.team.id)
    : await recentComplaints(ctx.deps.db, ctx.team.id);
  if (!rows.length) return ctx.reply(ctx.t(CX.listNone));
  const lines = rows.map((c) =>
    ctx.t(CX.listLine, {
      id: c.id,
      store: c.storeName,
      category: categoryName(ctx.locale, c.category),
      wants: c.wants.length > 30 ? `${c.wants.slice(0, 30)}…` : c.wants,
      state: stateLine(ctx.locale, c, ctx.team.timeZone, ctx.now),
    }),
  );
  const open = rows.filter((c) => !c.closedAt).length;
  return ctx.reply([ctx.t(CX.listTitle, { n: rows.length, open }), ...lines].join('\n'));
}

export async function statsText(ctx: CommandContext, periodMs: number, periodWord: string) {
  const rows = await complaintRowsSince(ctx.deps.db, ctx.team.id, new Date(ctx.now.getTime() - periodMs));
  if (!rows.length) return ctx.reply(ctx.t(CX.statsNone, { period: periodWord }));
  const s = complaintStats(rows);
  const none = ctx.t(CX.none);
  const pairs = (xs: [string, number][], name: (k: string) => string = (k) => k) =>
    xs.length
      ? xs
          .slice(0, 5)
          .map(([k, n]) => `${name(k)} ${n}`)
          .join('、')
      : none;
  return ctx.reply(
    [
      ctx.t(CX.statsTitle, { period: periodWord }),
      ctx.t(CX.statsBody, {
        n: s.count,
        open: s.open,
        median: s.medianMs === undefined ? none : formatDuration(s.medianMs, ctx.locale),
        breaches: s.breaches,
        categories: pairs(s.byCategory, (k) => categoryName(ctx.locale, k)),
        stores: pairs(s.byStore),
        paid: s.paid.length ? s.paid.map((p) => ctx.t(CX.paidItem, { ...p, yuan: money(p.yuan) })).join('、') : none,
        causes: pairs(s.causes, (k) => (k in CAUSE_NAMES ? ctx.t(CAUSE_NAMES[k as keyof typeof CAUSE_NAMES]) : k)),
      }),
    ].join('\n'),
  );
}

const minutes = (L: CommandContext['locale'], m: number) => formatDuration(m * 60_000, L);

function settingsText(ctx: CommandContext, s: ComplaintSettings, only?: Category): string {
  const lines = [ctx.t(CX.tiersTitle)];
  for (const c of only ? [only] : CATEGORIES) {
    const x = s.categories[c];
    lines.push(
      ctx.t(CX.tiersLine, {
        category: ctx.t(CATEGORY_NAMES[c]),
        respond: minutes(ctx.locale, x.sla.respond),
        review: minutes(ctx.locale, x.sla.review),
        settle: minutes(ctx.locale, x.sla.settle),
        tiers: x.tiers
          .map((tr, k) => `${k + 1}. ${tr.label}${tr.max === null ? '' : `（≤¥${money(tr.max)}）`}`)
          .join(' '),
      }),
    );
  }
  lines.push(limitsLine(ctx, s));
  return lines.join('\n');
}

const limitsLine = (ctx: CommandContext, s: ComplaintSettings) =>
  ctx.t(CX.limitsLine, {
    agent: money(s.limits.agent),
    leader: money(s.limits.leader),
    supervisor: money(s.limits.supervisor),
    line: money(s.riskLine),
  });

/** Stores a category's own SLA or tiers over what the team stored (the rest stays as it was). */
async function saveCategory(
  ctx: CommandContext,
  category: Category,
  patch: Partial<ComplaintSettings['categories'][Category]>,
) {
  await ctx.deps.db.transaction(async (tx) => {
    const s = await loadSettings(tx, ctx.team.id);
    const own = await storedSettings(tx, ctx.team.id);
    const cats = { ...own.categories } as ComplaintSettings['categories'];
    cats[category] = { ...s.categories[category], ...cats[category], ...patch };
    await saveSettings(tx, ctx.team.id, { ...own, categories: cats }, ctx.caller.openId, ctx.now);
  });
}

/** `/complaint tiers [category] [t1;t2;t3]`: shows the settings, or sets a category's tiers. */
export async function tiersCommand(
  ctx: CommandContext,
  categoryWord: string | undefined,
  tiersText: string | undefined,
) {
  const s = await loadSettings(ctx.deps.db, ctx.team.id);
  if (categoryWord === undefined) return ctx.reply(settingsText(ctx, s));
  const category = matchCategory(categoryWord);
  if (!category) return ctx.reply(ctx.t(CX.badCategory, { word: categoryWord, list: categoryList(ctx.t) }));
  if (!tiersText) return ctx.reply(settingsText(ctx, s, category));
  const role = effectiveRole(ctx.deps, ctx.caller);
  if (role !== 'supervisor' && role !== 'leader') return ctx.reply(ctx.t(CX.tiersRole));
  const tiers = parseTiers(tiersText);
  if ('bad' in tiers) return ctx.reply(ctx.t(CX.tiersBad, { word: tiers.bad }));
  const caps = tiers.map((x) => x.max ?? Infinity);
  if (caps.some((m, k) => k > 0 && m < caps[k - 1]!)) return ctx.reply(ctx.t(CX.tiersOrder));
  await saveCategory(ctx, category, { tiers });
  const after = await loadSettings(ctx.deps.db, ctx.team.id);
  return ctx.reply(
    ctx.t(CX.tiersSet, {
      category: ctx.t(CATEGORY_NAMES[category]),
      tiers: after.categories[category].tiers.map((x, k) => `${k + 1}. ${x.label}`).join(' '),
    }),
  );
}

/** `/complaint sla <category> <respond> <review> <settle>`. */
export async function slaCommand(ctx: CommandContext, categoryWord: string, durations: string[]) {
  const category = matchCategory(categoryWord);
  if (!category) return ctx.reply(ctx.t(CX.badCategory, { word: categoryWord, list: categoryList(ctx.t) }));
  const ms = durations.map((d) => parseDuration(d));
  const ok =
    ms.length === 3 &&
    ms.every((m) => m !== undefined && m >= 5 * 60_000 && m <= 7 * 86_400_000) &&
    ms[0]! <= ms[1]! &&
    ms[1]! <= ms[2]!;
  if (!ok) return ctx.reply(ctx.t(CX.slaBad));
  const sla = Object.fromEntries(STAGES.map((st, k) => [st, Math.round(ms[k]! / 60_000)])) as Record<
    (typeof STAGES)[number],
    number
  >;
  await saveCategory(ctx, category, { sla });
  return ctx.reply(
    ctx.t(CX.slaSet, {
      category: ctx.t(CATEGORY_NAMES[category]),
      sla: STAGES.map((st) => `${ctx.t(STAGE_NAMES[st])} ${minutes(ctx.locale, sla[st])}`).join(' / '),
    }),
  );
}

/** `/complaint limits agent=10 leader=50 supervisor=200 risk=30`. */
export async function limitsCommand(ctx: CommandContext, opts: Record<string, string | undefined>) {
  const given = Object.entries(opts).filter(([, v]) => v !== undefined) as [string, string][];
  if (!given.length) return ctx.reply(limitsLine(ctx, await loadSettings(ctx.deps.db, ctx.team.id)));
  const values: Record<string, number> = {};
  for (const [k, v] of given) {
    const m = parseMoney(v);
    if (!('yuan' in m)) return ctx.reply(ctx.t(CX.limitsBad, { word: `${k}=${v}` }));
    values[k] = m.yuan;
  }
  const s = await loadSettings(ctx.deps.db, ctx.team.id);
  const limits = { ...s.limits, ...Object.fromEntries(Object.entries(values).filter(([k]) => k !== 'risk')) };
  if (!(limits.agent <= limits.leader && limits.leader <= limits.supervisor))
    return ctx.reply(ctx.t(CX.limitsBad, { word: given.map(([k, v]) => `${k}=${v}`).join(' ') }));
  await ctx.deps.db.transaction(async (tx) => {
    const own = await storedSettings(tx, ctx.team.id);
    await saveSettings(
      tx,
      ctx.team.id,
      { ...own, limits, ...(values.risk !== undefined ? { riskLine: values.risk } : {}) },
      ctx.caller.openId,
      ctx.now,
    );
    await recordAudit(
      tx,
      {
        teamId: ctx.team.id,
        actor: ctx.caller.openId,
        action: 'limits',
        summary: ctx.t(CX.auditLimits, { line: limitsLine(ctx, await loadSettings(tx, ctx.team.id)) }),
        detail: values,
        source: `${ctx.event.id}:limits`,
      },
      ctx.now,
    );
  });
  return ctx.reply(ctx.t(CX.limitsSet, { line: limitsLine(ctx, await loadSettings(ctx.deps.db, ctx.team.id)) }));
}
