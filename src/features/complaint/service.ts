/**
 * Opening and changing complaints. Every change is one transaction holding the complaint's row
 * lock: check (pure rules), apply, record on the timeline, patch the card in place by ref through
 * the outbox. Two people pressing the same button take turns on the lock; the second sees it done.
 */
import { slotScript } from '../../core/script-slots';
import { eq, sql } from 'drizzle-orm';
import type { Card } from '../../cards/card';
import { recordAudit } from '../../core/audit';
import type { Deps } from '../../core/deps';
import { effectiveRole } from '../../core/people';
import { localeOf, type Member, type Team } from '../../core/teams';
import { cancelTimers, scheduleTimer } from '../../core/timers';
import type { Db } from '../../db/client';
import { t, type Text } from '../../i18n';
import { getPolicy, startEscalation, stopForResolve } from '../../escalation';
import { delayBefore, policyFrom, type EscalationPolicy } from '../../escalation/policy';
import { enqueue, enqueueCardPatch, PRIORITY, uuidFor } from '../../outbox/enqueue';
import { teamPeople } from '../duty/roster';
import type { Store } from '../stores/repo';
import { complaintCard } from './card';
import { CX } from './texts';
import { loadSettings, lockComplaint, refs, SUBJECT, TIMERS, type Complaint } from './repo';
import {
  deadlines,
  decideApproval,
  decideOffer,
  granted,
  needsRiskApproval,
  riskApprovalOf,
  riskCleared,
  STAGES,
  warnAt,
  type Answer,
  type ApprovalDecision,
  type Category,
  type ComplaintSettings,
  type OfferDecision,
  type Responsibility,
  type RootCause,
  type Stage,
} from './rules';
import { complaints, FACTS, type ComplaintFacts, type ComplaintFollowup, type Fact } from './schema';

/** In-app buzz to every supervisor at once, twice 30 min apart (the default; /policy 客诉 changes it). */
export const COMPLAINT_POLICY: EscalationPolicy = {
  steps: [{ delayMs: 0, targets: [{ who: 'supervisors' }], channels: ['app'], rounds: 2, intervalMs: 30 * 60_000 }],
  unreachedAfterMs: 30 * 60_000,
  claimReminderMs: 60 * 60_000,
};

export const complaintPolicy = (c: Pick<Complaint, 'policy'>) => policyFrom(c.policy, COMPLAINT_POLICY);

type Changes = Partial<Omit<Complaint, 'id' | 'version'>>;
type Event = Record<string, unknown> & { kind: string; source: string };

/** The script linked to the complaint's category, counted once per card. */
const categoryScript = (deps: Pick<Deps, 'db' | 'config' | 'app'>, team: Team, c: Complaint, now: Date) =>
  slotScript(deps, team, `complaint.${c.category}`, { locale: localeOf(deps.config, team), now, ref: refs.card(c.id) });

export async function renderComplaint(
  deps: Pick<Deps, 'db' | 'config' | 'app'>,
  team: Team,
  c: Complaint,
  now: Date,
): Promise<Card> {
  const locale = localeOf(deps.config, team);
  const [settings, people, script] = await Promise.all([
    loadSettings(deps.db, team.id),
    teamPeople(deps, team.id),
    categoryScript(deps, team, c, now),
  ]);
  return complaintCard({
    complaint: c,
    settings,
    names: people.names,
    locale,
    zone: team.timeZone,
    now,
    ...(script ? { script } : {}),
  });
}

/** Writes `changes`, bumps the version and enqueues the card's patch by ref (a newer patch overtakes it). */
export async function updateComplaint(
  deps: Pick<Deps, 'db' | 'config' | 'app'>,
  team: Team,
  id: number,
  changes: Changes,
  now: Date,
): Promise<{ complaint: Complaint; card: Card }> {
  const [row] = await deps.db
    .update(complaints)
    .set({ ...changes, version: sql`${complaints.version} + 1` })
    .where(eq(complaints.id, id))
    .returning();
  const c = await renderComplaint(deps, team, row!, now);
  await enqueueCardPatch(deps.db, now, {
    teamId: team.id,
    ref: refs.card(id),
    card: c,
    key: `complaint:${id}:v${row!.version}`,
  });
  return { complaint: row!, card: c };
}

/** The remind-at-75% and breach timers of each stage not done yet, for the complaint's SLA generation. */
async function armSla(
  tx: Db,
  c: Pick<Complaint, 'id' | 'teamId' | 'due' | 'done' | 'createdAt' | 'slaGen'>,
  share: number,
  now: Date,
) {
  for (const stage of STAGES) {
    if (c.done[stage]) continue;
    const due = new Date(c.due[stage]);
    const warn = warnAt(c.createdAt, due, share);
    for (const [phase, dueAt] of [
      ['warn', warn],
      ['breach', due],
    ] as const)
      if (dueAt.getTime() > now.getTime() || phase === 'breach')
        await scheduleTimer(
          tx,
          {
            teamId: c.teamId,
            kind: TIMERS.sla,
            ref: refs.sla(c.id, c.slaGen, stage, phase),
            dueAt,
            payload: { id: c.id, stage, phase, gen: c.slaGen },
          },
          now,
        );
  }
}

export interface OpenInput {
  store: Store;
  orderId: string;
  wants: string;
  amount: number | null;
  category: Category;
  crisis: boolean;
  owner: string;
  /** The inbound event: the same one again opens nothing. */
  source: string;
  orderWarning?: string;
}

export type OpenResult = { outcome: 'new' | 'duplicate'; complaint: Complaint };

export async function openComplaint(deps: Deps, team: Team, input: OpenInput, now: Date): Promise<OpenResult> {
  const result = await deps.db.transaction(async (tx): Promise<OpenResult> => {
    const settings = await loadSettings(tx, team.id);
    const due = deadlines(now, settings.categories[input.category].sla);
    const [created] = await tx
      .insert(complaints)
      .values({
        teamId: team.id,
        source: input.source,
        storeId: input.store.id,
        storeName: input.store.name,
        orderId: input.orderId,
        wants: input.wants,
        amount: input.amount,
        category: input.category,
        crisis: input.crisis ? 1 : 0,
        ownerOpenId: input.owner,
        due: { respond: due.respond.toISOString(), review: due.review.toISOString(), settle: due.settle.toISOString() },
        events: [{ kind: 'opened', at: now.toISOString(), actor: input.owner, source: 'opened' }],
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!created) {
      const [old] = await tx
        .select()
        .from(complaints)
        .where(sql`${complaints.teamId} = ${team.id} and ${complaints.source} = ${input.source}`);
      return { outcome: 'duplicate', complaint: old! };
    }
    await armSla(tx, created, settings.warnAt, now);
    const people = await teamPeople({ ...deps, db: tx }, team.id);
    const script = await categoryScript({ ...deps, db: tx }, team, created, now);
    const content = complaintCard({
      complaint: created,
      settings,
      names: people.names,
      locale: localeOf(deps.config, team),
      zone: team.timeZone,
      now,
      ...(input.orderWarning ? { orderWarning: input.orderWarning } : {}),
      ...(script ? { script } : {}),
    });
    await enqueue(tx, now, {
      kind: 'send',
      teamId: team.id,
      to: { chatId: team.chatId },
      body: { msgType: 'interactive', content },
      ref: refs.card(created.id),
      priority: PRIORITY.interactive,
      uuid: uuidFor(`complaint:${created.id}:card`),
    });
    return { outcome: 'new', complaint: created };
  });
  deps.wake();
  return result;
}

/** What a change tells its caller. `already`: nothing to do (pressed twice), `who` did it. */
export type ChangeResult<R = unknown, D = R> =
  | { outcome: 'ok'; complaint: Complaint; card: Card; detail?: D }
  | { outcome: 'not_found' }
  | { outcome: 'closed'; complaint: Complaint }
  | { outcome: 'refused'; complaint: Complaint; detail: R };

type Apply<R, D> = (
  tx: Db,
  c: Complaint,
  s: ComplaintSettings,
) => Promise<{ changes: Changes; events: Event[]; detail?: D } | { refuse: R }>;

/** Which stages a complaint, as changed, has done (respond by any action; review; settle). */
function stagesDone(c: Complaint, s: ComplaintSettings, now: Date, closing: boolean): Complaint['done'] {
  const done = { ...c.done };
  const stamp = now.toISOString();
  done.respond ??= stamp;
  if (
    !done.review &&
    c.responsibility &&
    riskCleared({ amount: c.amount, crisis: !!c.crisis, approvals: c.approvals }, s.riskLine)
  )
    done.review = stamp;
  if (!done.settle && (closing || c.offers.some((o) => o.answer === 'accepted'))) done.settle = stamp;
  if (closing) done.review ??= stamp;
  return done;
}

async function change<R, D = R>(
  deps: Deps,
  team: Team,
  id: number,
  now: Date,
  apply: Apply<R, D>,
  opts: { closing?: boolean; allowClosed?: boolean } = {},
): Promise<ChangeResult<R, D>> {
  const result = await deps.db.transaction(async (tx): Promise<ChangeResult<R, D>> => {
    const c = await lockComplaint(tx, id, team.id);
    if (!c) return { outcome: 'not_found' };
    if (c.closedAt && !opts.allowClosed) return { outcome: 'closed', complaint: c };
    const s = await loadSettings(tx, team.id);
    const r = await apply(tx, c, s);
    if ('refuse' in r) return { outcome: 'refused', complaint: c, detail: r.refuse };
    const seen = new Set(c.events.map((e) => e.source));
    const fresh = r.events.filter((e) => !seen.has(e.source)).map((e) => ({ at: now.toISOString(), ...e }));
    const changes: Changes = { ...r.changes, events: [...c.events, ...fresh] };
    const after = { ...c, ...changes } as Complaint;
    if (!c.closedAt) {
      const done = stagesDone(after, s, now, !!opts.closing);
      changes.done = done;
      // Settled or closed: nothing left to escalate about.
      if ((done.settle || opts.closing) && c.escalatedAt && c.status !== 'resolved') {
        await stopForResolve(tx, SUBJECT, c.id, now);
        changes.status = 'resolved';
        changes.nextStepAt = null;
      }
      if (opts.closing) await cancelTimers(tx, refs.slas(c.id), now);
    }
    const { complaint, card } = await updateComplaint({ ...deps, db: tx }, team, c.id, changes, now);
    return { outcome: 'ok', complaint, card, ...(r.detail !== undefined ? { detail: r.detail } : {}) };
  });
  deps.wake();
  return result;
}

const roleOf = (deps: Deps, m: Member) => effectiveRole(deps, m);

/** Step 1: a note on what happened, what the customer really wants, how far handling got. `key` makes it once. */
export const addNote = (deps: Deps, team: Team, id: number, text: string, actor: string, key: string, now: Date) =>
  change(deps, team, id, now, async () => ({
    changes: {},
    events: [{ kind: 'note', actor, text, source: `note:${key}` }],
  }));

/**
 * Step 1's facts (from the card's form or `/complaint <id> facts`): only the fields whose text
 * changed are written, each with who and when; nothing changed (the same form twice) acts not at all.
 */
export const setFacts = (
  deps: Deps,
  team: Team,
  id: number,
  patch: Partial<Record<Fact, string>>,
  actor: string,
  now: Date,
) =>
  change<'same', Fact[]>(deps, team, id, now, async (_, c) => {
    const changed = FACTS.filter((f) => patch[f] !== undefined && patch[f] !== (c.facts[f]?.text ?? ''));
    if (!changed.length) return { refuse: 'same' };
    const facts: ComplaintFacts = { ...c.facts };
    for (const f of changed) {
      if (patch[f]) facts[f] = { text: patch[f]!, by: actor, at: now.toISOString() };
      else delete facts[f];
    }
    return {
      changes: { facts },
      events: [{ kind: 'facts', actor, fields: changed, source: `facts:${c.version}` }],
      detail: changed,
    };
  });

/** Step 2: responsibility by the platform's rules. */
export const setResponsibility = (
  deps: Deps,
  team: Team,
  id: number,
  resp: Responsibility,
  note: string,
  actor: string,
  now: Date,
) =>
  change<{ same: string }>(deps, team, id, now, async (_, c) => {
    if (c.responsibility === resp && !note) {
      const by = c.events.findLast((e) => e.kind === 'resp')?.actor as string;
      return { refuse: { same: by ?? '' } };
    }
    return {
      changes: { responsibility: resp, responsibilityNote: note || null },
      events: [{ kind: 'resp', actor, resp, source: `resp:${c.version}` }],
    };
  });

export type RiskRefusal = { why: 'not_needed' } | { why: 'role'; role: string } | { why: 'already'; by: string };

/** An approval in the audit log, in the same transaction (`what` is once per complaint). */
async function auditApproval(
  deps: Deps,
  tx: Db,
  team: Team,
  actor: string,
  c: Complaint,
  text: Text,
  vars: Record<string, string | number>,
  what: string,
  now: Date,
) {
  const L = localeOf(deps.config, team);
  await recordAudit(
    tx,
    {
      teamId: team.id,
      actor,
      action: 'approval',
      summary: t(L, text, { id: c.id, store: c.storeName, ...vars }),
      detail: { complaint: c.id, ...vars },
      source: `complaint:${c.id}:${what}`,
    },
    now,
  );
}

/** Step 3: the supervisor's or operations' approval of a complaint above the risk line (by role). */
export const approveRisk = (
  deps: Deps,
  team: Team,
  id: number,
  caller: Member,
  want: 'supervisor' | 'ops' | undefined,
  now: Date,
) =>
  change<RiskRefusal>(deps, team, id, now, async (tx, c, s) => {
    const role = roleOf(deps, caller);
    if (!needsRiskApproval({ amount: c.amount, crisis: !!c.crisis }, s.riskLine))
      return { refuse: { why: 'not_needed' } };
    const mine = riskApprovalOf(role);
    if (!mine || (want && want !== mine)) return { refuse: { why: 'role', role } };
    const had = c.approvals[mine];
    if (had) return { refuse: { why: 'already', by: had.by } };
    await auditApproval(deps, tx, team, caller.openId, c, CX.auditRisk, { role: mine }, `risk:${mine}`, now);
    return {
      changes: { approvals: { ...c.approvals, [mine]: { by: caller.openId, at: now.toISOString() } } },
      events: [{ kind: 'risk_approved', actor: caller.openId, role: mine, source: `risk:${mine}` }],
    };
  });

export const flagCrisis = (deps: Deps, team: Team, id: number, actor: string, now: Date) =>
  change<'already'>(deps, team, id, now, async (_, c) =>
    c.crisis
      ? { refuse: 'already' }
      : { changes: { crisis: 1 }, events: [{ kind: 'crisis', actor, source: 'crisis' }] },
  );

/** Step 4: offer tier `tier` (the next one), within the caller's authority or asking for an approval. */
export const offerTier = (deps: Deps, team: Team, id: number, tier: number, caller: Member, now: Date) =>
  change<OfferDecision>(deps, team, id, now, async (_, c, s) => {
    const tiers = s.categories[c.category as Category].tiers;
    const role = roleOf(deps, caller);
    const d = decideOffer({
      tier,
      offers: c.offers,
      tiers,
      amount: c.amount,
      role,
      limits: s.limits,
      riskCleared: riskCleared({ amount: c.amount, crisis: !!c.crisis, approvals: c.approvals }, s.riskLine),
    });
    if (d.kind !== 'offer' && d.kind !== 'approval') return { refuse: d };
    const offer = {
      tier,
      label: tiers[tier - 1]!.label,
      amount: d.amount,
      by: caller.openId,
      at: now.toISOString(),
      ...(d.kind === 'approval' ? { needs: d.role } : {}),
    };
    return {
      changes: { offers: [...c.offers, offer] },
      events: [{ kind: 'offer', actor: caller.openId, tier, source: `offer:${tier}` }],
      detail: d,
    };
  });

/** The approval of a pending tier, by someone whose authority covers its amount. */
export const approveOffer = (deps: Deps, team: Team, id: number, tier: number, caller: Member, now: Date) =>
  change<ApprovalDecision>(deps, team, id, now, async (tx, c, s) => {
    const d = decideApproval(c.offers, tier, roleOf(deps, caller), s.limits);
    if (d.kind !== 'ok') return { refuse: d };
    const amount = c.offers.find((o) => o.tier === tier)?.amount ?? null;
    await auditApproval(
      deps,
      tx,
      team,
      caller.openId,
      c,
      CX.auditOffer,
      { tier, amount: amount ?? '—' },
      `approve:${tier}`,
      now,
    );
    const offers = c.offers.map((o) =>
      o.tier === tier ? { ...o, approvedBy: caller.openId, approvedAt: now.toISOString() } : o,
    );
    return {
      changes: { offers },
      events: [{ kind: 'offer_approved', actor: caller.openId, tier, source: `approve:${tier}` }],
    };
  });

export type AnswerRefusal = { why: 'none' } | { why: 'same'; answer: Answer; tier: number };

/** Step 5: the customer's answer to the last offer made (accepted, declined, no answer yet). */
export const recordAnswer = (
  deps: Deps,
  team: Team,
  id: number,
  answer: Answer,
  actor: string,
  now: Date,
  tier?: number,
) =>
  change<AnswerRefusal>(deps, team, id, now, async (_, c) => {
    const last = c.offers.at(-1);
    if (!last || !granted(last) || (tier !== undefined && tier !== last.tier)) return { refuse: { why: 'none' } };
    if (last.answer === answer || last.answer === 'accepted' || last.answer === 'declined')
      return { refuse: { why: 'same', answer: last.answer!, tier: last.tier } };
    const offers = c.offers.map((o) =>
      o.tier === last.tier ? { ...o, answer, answeredBy: actor, answeredAt: now.toISOString() } : o,
    );
    return {
      changes: { offers },
      events: [{ kind: 'answer', actor, tier: last.tier, answer, source: `answer:${last.tier}:${answer}` }],
    };
  });

/** Waiting for the customer: the clock stops; resuming moves every deadline on by the pause. */
export const pauseClock = (deps: Deps, team: Team, id: number, actor: string, now: Date) =>
  change<'already'>(deps, team, id, now, async (tx, c) => {
    if (c.pausedAt) return { refuse: 'already' };
    await cancelTimers(tx, refs.slas(c.id), now);
    return {
      changes: { pausedAt: now, slaGen: c.slaGen + 1 },
      events: [{ kind: 'paused', actor, source: `pause:${c.slaGen}` }],
    };
  });

export const resumeClock = (deps: Deps, team: Team, id: number, actor: string, now: Date) =>
  change<'not_paused', number>(deps, team, id, now, async (tx, c, s) => {
    if (!c.pausedAt) return { refuse: 'not_paused' };
    const ms = now.getTime() - c.pausedAt.getTime();
    const due = Object.fromEntries(
      STAGES.map((st) => [st, c.done[st] ? c.due[st] : new Date(new Date(c.due[st]).getTime() + ms).toISOString()]),
    ) as Record<Stage, string>;
    const next = { ...c, due, slaGen: c.slaGen + 1, createdAt: new Date(c.createdAt.getTime() + ms) };
    await armSla(tx, next, s.warnAt, now);
    return {
      changes: { pausedAt: null, due, slaGen: next.slaGen },
      events: [{ kind: 'resumed', actor, ms, source: `resume:${c.slaGen}` }],
      detail: ms,
    };
  });

export interface CloseInput {
  cause: RootCause;
  text: string;
  prevention: string;
  followup?: { kind: 'training' | 'process'; owner: string };
}

/** Step 6: closing with the root cause and prevention (the caller checks they are there); a follow-up is reminded daily. */
export const closeComplaint = (deps: Deps, team: Team, id: number, x: CloseInput, actor: string, now: Date) =>
  change(
    deps,
    team,
    id,
    now,
    async (tx, c) => {
      const followup: ComplaintFollowup | null = x.followup ? { ...x.followup } : null;
      if (followup)
        await scheduleTimer(
          tx,
          {
            teamId: team.id,
            kind: TIMERS.followup,
            ref: refs.followup(c.id, 1),
            dueAt: new Date(now.getTime() + 86_400_000),
            payload: { id: c.id, n: 1 },
          },
          now,
        );
      return {
        changes: {
          rootCause: { cause: x.cause, text: x.text },
          prevention: x.prevention,
          followup,
          closedAt: now,
          closedBy: actor,
        },
        events: [{ kind: 'closed', actor, source: 'closed' }],
      };
    },
    { closing: true },
  );

export const finishFollowup = (deps: Deps, team: Team, id: number, actor: string, now: Date) =>
  change<'none'>(
    deps,
    team,
    id,
    now,
    async (tx, c) => {
      if (!c.followup || c.followup.doneAt) return { refuse: 'none' };
      await cancelTimers(tx, refs.followups(c.id), now);
      return {
        changes: { followup: { ...c.followup, doneAt: now.toISOString(), doneBy: actor } },
        events: [{ kind: 'followup_done', actor, source: 'followup_done' }],
      };
    },
    { allowClosed: true },
  );

export type AckRefusal = { why: 'not_escalated' } | { why: 'already'; by: string } | { why: 'role' };

/** Who may take a breached complaint off the supervisors: the people it escalates to. */
const TAKES_ESCALATION = new Set(['supervisor', 'leader']);

/** A supervisor takes the breached complaint: the escalation stops (it has no "claimed" reminder: the SLA timers go on). */
export const ackEscalation = (deps: Deps, team: Team, id: number, caller: Member, now: Date) =>
  change<AckRefusal>(deps, team, id, now, async (tx, c) => {
    if (!c.escalatedAt || c.status === 'resolved') return { refuse: { why: 'not_escalated' } };
    if (c.claimedBy) return { refuse: { why: 'already', by: c.claimedBy } };
    if (!TAKES_ESCALATION.has(roleOf(deps, caller))) return { refuse: { why: 'role' } };
    await stopForResolve(tx, SUBJECT, c.id, now);
    return {
      changes: { status: 'claimed', claimedBy: caller.openId, claimedAt: now, nextStepAt: null },
      events: [{ kind: 'ack', actor: caller.openId, source: `ack:${c.escalationCycle}` }],
    };
  });

/** Whether the escalation of `c` is over: taken by someone, or every step used up. */
const escalationEnded = (c: Complaint) => !!c.escalatedAt && (c.status === 'claimed' || !!c.unreachedAt);

/**
 * A breach: recorded, and it goes to the escalation engine (subject "complaint"): the first one
 * starts it; a later one while the supervisors are still being buzzed adds nothing to that; a
 * later one after the escalation was taken or ran out starts the next cycle, from step 1.
 */
export async function recordBreach(deps: Deps, team: Team, c: Complaint, stage: Stage, now: Date): Promise<boolean> {
  if (c.breaches.includes(stage)) return false;
  const changes: Changes = {
    breaches: [...c.breaches, stage],
    events: [...c.events, { kind: 'breach', stage, at: now.toISOString(), source: `breach:${stage}` }],
  };
  if (!c.escalatedAt || escalationEnded(c)) {
    const cycle = c.escalatedAt ? c.escalationCycle + 1 : c.escalationCycle;
    const policy = await getPolicy(deps.db, team.id, SUBJECT, { defaultPolicy: COMPLAINT_POLICY });
    const row = { ...c, policy };
    Object.assign(changes, {
      policy,
      status: 'open',
      escalatedAt: now,
      escalationCycle: cycle,
      step: 0,
      claimedBy: null,
      claimedAt: null,
      unreachedAt: null,
      nextStepAt: new Date(now.getTime() + delayBefore(policy, 1)),
    });
    await startEscalation(deps.db, SUBJECT, row, policy, now, cycle);
  }
  await updateComplaint(deps, team, c.id, changes, now);
  return true;
}
