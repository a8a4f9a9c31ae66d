/**
 * Check-ins and care cases. A level 1–2 check-in opens a care case in the same transaction: its
 * card goes privately to the on-duty supervisor (else every supervisor) and the agent's leader, the
 * escalation "mood" starts (no acknowledgement in 10 minutes: buzz), and a 30-minute reminder is
 * armed. Every card after that is patched in place through the outbox, by ref.
 */
import { eq, sql } from 'drizzle-orm';
import type { Deps } from '../../core/deps';
import { effectiveRole } from '../../core/people';
import { listMembers, localeOf, teamOf, type Member, type Team } from '../../core/teams';
import { advanceTimer, cancelTimers, scheduleTimer, type TimerHandler } from '../../core/timers';
import type { Db } from '../../db/client';
import { getPolicy, startEscalation, stopForResolve, refs, TIMER as ESC } from '../../escalation';
import { delayBefore } from '../../escalation/policy';
import { enqueue, PRIORITY, uuidFor } from '../../outbox/enqueue';
import { loadRules, teamPeople } from '../duty/roster';
import { onDutyAt } from '../duty/rules';
import { storesByMember } from '../stores/repo';
import { careCard, coverAskCard, type CareView } from './card';
import { MX } from './texts';
import { formatDuration } from '../../domain/duration';
import { t } from '../../i18n';
import {
  careCardRef,
  entriesOf,
  insertEntry,
  latestByMember,
  leaderOf,
  lockCare,
  membersById,
  remindRef,
  SUBJECT,
  TIMER,
  type Care,
  type MoodEntry,
} from './repo';
import { coverCandidates, LOW_RECENT_MS, needsCare, REMIND_AFTER_MS, REPEAT_WINDOW_MS, repeatsLevel1 } from './rules';
import { moodCares, moodEntries } from './schema';
import { moodSubject, policyFor } from './subject';

type CoreDeps = Pick<Deps, 'db' | 'config'>;

/**
 * Who gets a care card: the on-duty primary if it is a supervisor on duty now, else every
 * supervisor; then the agent's own leader if one is set. Never the agent.
 */
export async function careRecipients(deps: Deps, team: Team, agent: Member, now: Date): Promise<string[]> {
  const [rules, people, leader] = await Promise.all([
    loadRules(deps.db, team.id),
    teamPeople(deps, team.id),
    leaderOf(deps.db, agent.id),
  ]);
  const duty = onDutyAt(rules, now, team.timeZone);
  const first = duty && people.supervisors.includes(duty.primary) ? [duty.primary] : people.supervisors;
  return [...new Set([...first, ...(leader ? [leader] : [])])].filter((id) => id !== agent.openId);
}

export type CheckInResult = { outcome: 'duplicate' } | { outcome: 'recorded'; entry: MoodEntry; care?: Care };

export async function recordCheckIn(
  deps: Deps,
  team: Team,
  agent: Member,
  input: { level: number; note: string; source: string },
  now: Date,
): Promise<CheckInResult> {
  const result = await deps.db.transaction(async (tx): Promise<CheckInResult> => {
    const txDeps = { ...deps, db: tx };
    const entry = await insertEntry(tx, {
      teamId: team.id,
      memberId: agent.id,
      level: input.level,
      note: input.note,
      source: input.source,
      createdAt: now,
    });
    if (!entry) return { outcome: 'duplicate' };
    if (!needsCare(entry.level)) return { outcome: 'recorded', entry };
    const earlier = (await entriesOf(tx, agent.id, new Date(now.getTime() - REPEAT_WINDOW_MS))).filter(
      (e) => e.id !== entry.id,
    );
    const repeated = repeatsLevel1(entry.level, earlier, now);
    const recipients = await careRecipients(txDeps, team, agent, now);
    const policy = policyFor(await getPolicy(tx, team.id, SUBJECT, moodSubject), recipients);
    const [care] = await tx
      .insert(moodCares)
      .values({
        teamId: team.id,
        memberId: agent.id,
        entryId: entry.id,
        recipients,
        repeated: repeated ? 1 : 0,
        policy,
        nextStepAt: recipients.length ? new Date(now.getTime() + (repeated ? 0 : delayBefore(policy, 1))) : null,
        createdAt: now,
      })
      .returning();
    if (recipients.length) {
      await startEscalation(tx, SUBJECT, care!, policy, now);
      // Level 1 again within 24 hours: nobody waits for the 10 minutes.
      if (repeated) await advanceTimer(tx, ESC.step, refs.step(SUBJECT, care!.id, 1), now);
      await scheduleTimer(
        tx,
        {
          teamId: team.id,
          kind: TIMER.remind,
          ref: remindRef(care!.id),
          dueAt: new Date(now.getTime() + REMIND_AFTER_MS),
          payload: { id: care!.id },
        },
        now,
      );
      const body = { msgType: 'interactive' as const, content: await renderCare(txDeps, team, care!, now) };
      for (const openId of recipients)
        await enqueue(tx, now, {
          kind: 'send',
          teamId: team.id,
          to: { openId },
          body,
          ref: careCardRef(care!.id, openId),
          priority: entry.level === 1 ? PRIORITY.urgent + 1 : PRIORITY.interactive,
          uuid: uuidFor(careCardRef(care!.id, openId)),
        });
    }
    return { outcome: 'recorded', entry, care };
  });
  deps.wake();
  return result;
}

/** Everything the care card shows, read now (who could cover changes as people check in). */
export async function careView(deps: CoreDeps, team: Team, care: Care, now: Date): Promise<CareView> {
  const [[entry], all, stores, latest, people] = await Promise.all([
    deps.db.select().from(moodEntries).where(eq(moodEntries.id, care.entryId)),
    listMembers(deps.db, team.id),
    storesByMember(deps.db, team.id),
    latestByMember(deps.db, team.id, new Date(now.getTime() - LOW_RECENT_MS)),
    teamPeople(deps, team.id),
  ]);
  const agent = all.find((m) => m.id === care.memberId);
  const agents = all
    .filter((m) => effectiveRole(deps, m) === 'agent')
    .map((m) => ({ memberId: m.id, openId: m.openId, name: m.name }));
  return {
    care,
    entry: entry ?? { level: 2, note: '', createdAt: care.createdAt },
    agentName: agent?.name || agent?.openId || '',
    agentStores: stores.get(care.memberId) ?? [],
    candidates: coverCandidates(agents, care.memberId, latest, now).map((a) => ({
      openId: a.openId,
      name: a.name,
      stores: stores.get(a.memberId) ?? [],
    })),
    names: people.names,
  };
}

export const renderCare = async (deps: CoreDeps, team: Team, care: Care, now: Date) =>
  careCard(await careView(deps, team, care, now), localeOf(deps.config, team), team.timeZone, now);

/** Writes `changes` on the (locked) care row and patches every recipient's card in place. */
export async function updateCare(
  deps: CoreDeps,
  team: Team,
  id: number,
  changes: Partial<Omit<Care, 'id' | 'version'>>,
  now: Date,
): Promise<Care> {
  const [row] = await deps.db
    .update(moodCares)
    .set({ ...changes, version: sql`${moodCares.version} + 1` })
    .where(eq(moodCares.id, id))
    .returning();
  const card = await renderCare(deps, team, row!, now);
  for (const openId of row!.recipients)
    await enqueue(deps.db, now, {
      kind: 'patch',
      teamId: team.id,
      message: { ref: careCardRef(id, openId) },
      card,
      priority: PRIORITY.interactive,
      uuid: uuidFor(`${careCardRef(id, openId)}:v${row!.version}`),
    });
  return row!;
}

export type CareOp =
  | { kind: 'ack' }
  | { kind: 'step'; step: number; checked: boolean }
  | { kind: 'close' }
  | { kind: 'ask'; openId: string }
  | { kind: 'answer'; answer: 'accepted' | 'declined' };

export type CareOpResult =
  | { outcome: 'ok' | 'same'; care: Care }
  | { outcome: 'not_found' | 'forbidden' | 'closed' | 'not_asked' | 'not_candidate' };

/** Whether `openId` may act on the case: a supervisor, or one of the people it was sent to. */
const mayCare = (deps: Pick<Deps, 'config'>, care: Care, caller: Member) =>
  effectiveRole(deps, caller) === 'supervisor' || care.recipients.includes(caller.openId);

async function acknowledge(tx: Db, care: Care, by: string, now: Date): Promise<Partial<Care>> {
  if (care.status !== 'open') return {};
  // The acknowledgement is what the escalation waited for: no step or buzz is left to go out.
  await stopForResolve(tx, SUBJECT, care.id, now);
  return { status: 'claimed', ackedBy: by, ackedAt: now, nextStepAt: null };
}

/** One press on a care card (or a cover ask), under the case's lock. */
export async function careOp(deps: Deps, team: Team, id: number, caller: Member, op: CareOp, now: Date) {
  const result = await deps.db.transaction(async (tx): Promise<CareOpResult> => {
    const txDeps = { ...deps, db: tx };
    const care = await lockCare(tx, id, team.id);
    if (!care) return { outcome: 'not_found' };
    if (op.kind === 'answer') {
      const ask = care.cover.find((c) => c.openId === caller.openId);
      if (!ask) return { outcome: 'not_asked' };
      if (ask.status === op.answer) return { outcome: 'same', care };
      const cover = care.cover.map((c) =>
        c.openId === caller.openId ? { ...c, status: op.answer, at: now.toISOString() } : c,
      );
      return { outcome: 'ok', care: await updateCare(txDeps, team, id, { cover }, now) };
    }
    if (!mayCare(deps, care, caller)) return { outcome: 'forbidden' };
    if (care.status === 'resolved') return op.kind === 'close' ? { outcome: 'same', care } : { outcome: 'closed' };
    const ack = await acknowledge(tx, care, caller.openId, now);
    if (op.kind === 'ack')
      return Object.keys(ack).length
        ? { outcome: 'ok', care: await updateCare(txDeps, team, id, ack, now) }
        : { outcome: 'same', care };
    if (op.kind === 'step') {
      const steps = { ...care.steps };
      if (op.checked) steps[String(op.step)] = { by: caller.openId, at: now.toISOString() };
      else delete steps[String(op.step)];
      return { outcome: 'ok', care: await updateCare(txDeps, team, id, { ...ack, steps }, now) };
    }
    if (op.kind === 'close') {
      await cancelTimers(tx, remindRef(id), now);
      const closed = { ...ack, status: 'resolved' as const, closedBy: caller.openId, closedAt: now, nextStepAt: null };
      return { outcome: 'ok', care: await updateCare(txDeps, team, id, closed, now) };
    }
    // Ask a colleague to cover: only someone free now, once.
    if (care.cover.some((c) => c.openId === op.openId)) return { outcome: 'same', care };
    const view = await careView(txDeps, team, care, now);
    const candidate = view.candidates.find((c) => c.openId === op.openId);
    if (!candidate) return { outcome: 'not_candidate' };
    const cover = [
      ...care.cover,
      { openId: op.openId, status: 'asked' as const, askedBy: caller.openId, at: now.toISOString() },
    ];
    const updated = await updateCare(txDeps, team, id, { ...ack, cover }, now);
    await enqueue(tx, now, {
      kind: 'send',
      teamId: team.id,
      to: { openId: op.openId },
      body: {
        msgType: 'interactive',
        content: coverAskCard(localeOf(deps.config, team), {
          team: team.id,
          careId: id,
          boss: view.names.get(caller.openId) || caller.name || caller.openId,
          who: view.agentName,
          stores: view.agentStores,
        }),
      },
      ref: `moodCover:${id}:${op.openId}`,
      priority: PRIORITY.interactive,
      uuid: uuidFor(`moodCover:${id}:${op.openId}`),
    });
    return { outcome: 'ok', care: updated };
  });
  deps.wake();
  return result;
}

/** The 30-minute reminder (timer mood.remind): a private word to each recipient while the case is open. */
export const runCareReminder: TimerHandler = async (deps, timer) => {
  const id = Number(timer.payload.id);
  const care = await lockCare(deps.db, id);
  if (!care || care.status === 'resolved') return;
  const team = await teamOf(deps.db, care.teamId);
  const [agent] = await membersById(deps.db, [care.memberId]);
  const now = deps.clock.now();
  const L = localeOf(deps.config, team);
  const text = t(L, MX.careRemind, {
    id,
    who: agent?.name || agent?.openId || '',
    minutes: formatDuration(now.getTime() - care.createdAt.getTime(), L),
  });
  for (const openId of care.recipients)
    await enqueue(deps.db, now, {
      kind: 'send',
      teamId: team.id,
      to: { openId },
      body: { msgType: 'text', content: { text } },
      priority: PRIORITY.interactive,
      uuid: uuidFor(`moodRemind:${id}:${openId}`),
    });
};
