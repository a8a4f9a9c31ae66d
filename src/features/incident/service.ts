/**
 * Starting and changing incidents. Every change is one transaction holding the incident's row
 * lock: check, apply, record the timeline, patch the card in place by ref (through the outbox).
 * Two people pressing the same step take turns on the lock; the second sees it done.
 */
import { slotScript } from '../../core/script-slots';
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Card } from '../../cards/card';
import type { Deps } from '../../core/deps';
import { localeOf, type Team } from '../../core/teams';
import { cancelTimers, scheduleTimer } from '../../core/timers';
import type { Db } from '../../db/client';
import { getPolicy, startEscalation, stopForResolve } from '../../escalation';
import { DEFAULT_POLICY, delayBefore } from '../../escalation/policy';
import { enqueue, enqueueCardPatch, PRIORITY, uuidFor } from '../../outbox/enqueue';
import { dutyDirectory } from '../anomaly/people';
import { teamPeople } from '../duty/roster';
import { incidentCard } from './card';
import type { Playbook } from './kinds';
import {
  addEvent,
  lockIncident,
  loadEvents,
  moveUpdateReminder,
  refs,
  SUBJECT,
  TIMERS,
  updateEveryOf,
  type Incident,
  type NewEvent,
} from './repo';
import { assignSteps, stepDueAt } from './rules';
import { incidents, type IncidentStep } from './schema';
import { IX } from './texts';
import { t } from '../../i18n';

/** The subject's default (subject.ts says the same): an S1 incident phones as a store anomaly does. */
const INCIDENT_POLICY = { defaultPolicy: DEFAULT_POLICY };

type Changes = Partial<Omit<Incident, 'id' | 'version'>>;

export async function renderIncident(
  deps: Pick<Deps, 'db' | 'config' | 'app'>,
  team: Team,
  i: Incident,
  now: Date,
): Promise<Card> {
  const locale = localeOf(deps.config, team);
  const [events, people, script] = await Promise.all([
    loadEvents(deps.db, i.id),
    teamPeople(deps, team.id),
    // The private kinds show no customer wording; the others count a use once per card.
    i.playbook.private
      ? undefined
      : slotScript(deps, team, `incident.${i.kind}`, { locale, now, ref: refs.card(i.id) }),
  ]);
  return incidentCard({
    incident: i,
    events,
    names: people.names,
    locale,
    zone: team.timeZone,
    now,
    ...(script ? { script } : {}),
  });
}

/** Writes `changes`, bumps the version and enqueues the card's patch by ref (a newer patch overtakes it). */
export async function updateAndPublish(
  deps: Pick<Deps, 'db' | 'config' | 'app'>,
  team: Team,
  id: number,
  changes: Changes,
  now: Date,
): Promise<{ incident: Incident; card: Card }> {
  const [row] = await deps.db
    .update(incidents)
    .set({ ...changes, version: sql`${incidents.version} + 1` })
    .where(sql`${incidents.id} = ${id}`)
    .returning();
  const c = await renderIncident(deps, team, row!, now);
  await enqueueCardPatch(deps.db, now, {
    teamId: team.id,
    ref: refs.card(id),
    card: c,
    key: `incident:${id}:v${row!.version}`,
  });
  return { incident: row!, card: c };
}

/** The next "post an update" reminder, `every` after now (the pending one moves there); 0 = none. */
async function armUpdateReminder(tx: Db, team: Team, id: number, now: Date): Promise<void> {
  const every = await updateEveryOf(tx, team.id);
  if (every <= 0) {
    await cancelTimers(tx, refs.updates(id), now, TIMERS.update);
    return;
  }
  const dueAt = new Date(now.getTime() + every);
  if (await moveUpdateReminder(tx, id, dueAt)) return;
  await scheduleTimer(
    tx,
    { teamId: team.id, kind: TIMERS.update, ref: refs.update(id, dueAt), dueAt, payload: { id } },
    now,
  );
}

/** A private message to every supervisor (staff health: the details never go to the group). */
async function tellSupervisors(deps: Pick<Deps, 'db' | 'config'>, team: Team, text: string, key: string, now: Date) {
  const people = await teamPeople(deps, team.id);
  for (const openId of people.supervisors)
    await enqueue(deps.db, now, {
      kind: 'send',
      teamId: team.id,
      to: { openId },
      body: { msgType: 'text', content: { text } },
      priority: PRIORITY.interactive,
      uuid: uuidFor(`${key}:${openId}`),
    });
}

/** What a private (staff health) incident says goes to the supervisors only: an update, the summary. */
async function tellPrivately(
  deps: Pick<Deps, 'db' | 'config'>,
  team: Team,
  i: Incident,
  actor: string,
  text: string,
  what: string,
  now: Date,
) {
  const names = (await teamPeople(deps, team.id)).names;
  const L = localeOf(deps.config, team);
  const said = t(L, IX.privateUpdate, { id: i.id, who: names.get(actor) ?? actor, text });
  await tellSupervisors(deps, team, said, `incident:${i.id}:${what}`, now);
}

export interface StartInput {
  playbook: Playbook;
  description: string;
  severity?: number;
  reporter: string;
  /** The inbound event (or surge button): the same one again starts nothing. */
  source: string;
}

export type StartResult = { outcome: 'new' | 'duplicate'; incident: Incident };

export async function startIncident(deps: Deps, team: Team, input: StartInput, now: Date): Promise<StartResult> {
  const result = await deps.db.transaction(async (tx): Promise<StartResult> => {
    const d = { ...deps, db: tx };
    const p = input.playbook;
    const severity = input.severity ?? p.severity;
    const people = await dutyDirectory.people(d, team, now, ['leader', 'ops', 'agent']);
    const steps = assignSteps(p.steps, {
      ...(people.primary ? { onDuty: people.primary } : {}),
      supervisors: people.supervisors,
      byRole: (r) => people.byRole?.(r) ?? [],
      reporter: input.reporter,
    });
    const policy = severity === 1 ? await getPolicy(tx, team.id, SUBJECT, INCIDENT_POLICY) : null;
    const [created] = await tx
      .insert(incidents)
      .values({
        teamId: team.id,
        kind: p.kind,
        severity,
        description: input.description,
        reporterOpenId: input.reporter,
        playbook: {
          version: p.version,
          name: p.name,
          ...(p.wording ? { wording: p.wording } : {}),
          ...(p.private ? { private: true } : {}),
        },
        steps,
        policy,
        nextStepAt: policy ? new Date(now.getTime() + delayBefore(policy, 1)) : null,
        startedAt: now,
        lastUpdateAt: now,
        source: input.source,
      })
      .onConflictDoNothing()
      .returning();
    if (!created) {
      const [old] = await tx
        .select()
        .from(incidents)
        .where(sql`${incidents.teamId} = ${team.id} and ${incidents.source} = ${input.source}`);
      return { outcome: 'duplicate', incident: old! };
    }
    await addEvent(tx, {
      incidentId: created.id,
      at: now,
      kind: 'started',
      actorOpenId: input.reporter,
      source: `start:${created.id}`,
    });
    if (policy) await startEscalation(tx, SUBJECT, created, policy, now);
    for (const [k, st] of steps.entries()) {
      const dueAt = stepDueAt(st, now);
      if (dueAt)
        await scheduleTimer(
          tx,
          {
            teamId: team.id,
            kind: TIMERS.stepDue,
            ref: refs.stepDue(created.id, k + 1),
            dueAt,
            payload: { id: created.id, n: k + 1 },
          },
          now,
        );
    }
    await armUpdateReminder(tx, team, created.id, now);
    await enqueue(tx, now, {
      kind: 'send',
      teamId: team.id,
      to: { chatId: team.chatId },
      body: { msgType: 'interactive', content: await renderIncident(d, team, created, now) },
      ref: refs.card(created.id),
      priority: severity === 1 ? PRIORITY.urgent : PRIORITY.interactive,
      uuid: uuidFor(`incident:${created.id}:card`),
    });
    if (p.private) {
      const L = localeOf(deps.config, team);
      const reporter = people.names.get(input.reporter) ?? input.reporter;
      await tellSupervisors(
        d,
        team,
        t(L, IX.privateDetails, { id: created.id, text: input.description || '—', who: reporter }),
        `incident:${created.id}:private`,
        now,
      );
    }
    return { outcome: 'new', incident: created };
  });
  deps.wake();
  return result;
}

export type ChangeResult =
  | { outcome: 'ok'; incident: Incident; card: Card }
  | { outcome: 'not_found' }
  | { outcome: 'closed'; incident: Incident }
  /** Nothing to do (pressed twice, already so): `who` did it, when known. */
  | { outcome: 'already'; incident: Incident; who?: string }
  | { outcome: 'no_step'; incident: Incident };

interface Applied {
  changes?: Changes;
  events?: Omit<NewEvent, 'incidentId' | 'at'>[];
  /** Counts as an update: the "post an update" reminder starts again. */
  update?: boolean;
  /** A person acting on it acknowledges it (the phone escalation stops). Not a severity change. */
  acknowledges?: boolean;
}

type Step = { ok: Applied } | { already: string | undefined } | 'no_step';

async function changeIncident(
  deps: Deps,
  team: Team,
  id: number,
  actor: string,
  now: Date,
  apply: (tx: Db, i: Incident) => Promise<Step> | Step,
): Promise<ChangeResult> {
  const result = await deps.db.transaction(async (tx): Promise<ChangeResult> => {
    const i = await lockIncident(tx, id, team.id);
    if (!i) return { outcome: 'not_found' };
    if (i.closedAt) return { outcome: 'closed', incident: i };
    const r = await apply(tx, i);
    if (r === 'no_step') return { outcome: 'no_step', incident: i };
    if ('already' in r) return { outcome: 'already', incident: i, ...(r.already ? { who: r.already } : {}) };
    const a = r.ok;
    const changes: Changes = { ...a.changes };
    const events = [...(a.events ?? [])];
    if (a.acknowledges && !i.acknowledgedAt) {
      Object.assign(changes, { acknowledgedAt: now, acknowledgedBy: actor, nextStepAt: null });
      if (changes.status !== 'resolved') changes.status = 'claimed';
      events.unshift({ kind: 'ack', actorOpenId: actor, source: `ack:${i.id}` });
      if (i.policy) await stopForResolve(tx, SUBJECT, i.id, now);
    }
    if (a.update) {
      changes.lastUpdateAt = now;
      if (changes.status !== 'resolved') await armUpdateReminder(tx, team, i.id, now);
    }
    for (const e of events) await addEvent(tx, { incidentId: i.id, at: now, ...e });
    const { incident, card } = await updateAndPublish({ ...deps, db: tx }, team, i.id, changes, now);
    return { outcome: 'ok', incident, card };
  });
  deps.wake();
  return result;
}

const shortHash = (s: string) => createHash('sha256').update(s).digest('base64url').slice(0, 12);

export const acknowledge = (deps: Deps, team: Team, id: number, actor: string, now: Date) =>
  changeIncident(deps, team, id, actor, now, (_, i) =>
    i.acknowledgedAt ? { already: i.acknowledgedBy ?? undefined } : { ok: { acknowledges: true } },
  );

export const completeStep = (deps: Deps, team: Team, id: number, n: number, actor: string, now: Date) =>
  changeIncident(deps, team, id, actor, now, (_, i) => {
    const st = i.steps[n - 1];
    if (!Number.isInteger(n) || !st) return 'no_step';
    if (st.doneAt) return { already: st.doneBy };
    const steps: IncidentStep[] = i.steps.map((x, k) =>
      k === n - 1 ? { ...x, doneAt: now.toISOString(), doneBy: actor } : x,
    );
    return {
      ok: {
        changes: { steps },
        events: [{ kind: 'step', actorOpenId: actor, detail: { n }, source: `step:${i.id}:${n}` }],
        update: true,
        acknowledges: true,
      },
    };
  });

export const reassignStep = (deps: Deps, team: Team, id: number, n: number, to: string, actor: string, now: Date) =>
  changeIncident(deps, team, id, actor, now, (_, i) => {
    const st = i.steps[n - 1];
    if (!Number.isInteger(n) || !st) return 'no_step';
    if (st.assignee === to) return { already: to };
    const steps = i.steps.map((x, k) => (k === n - 1 ? { ...x, assignee: to } : x));
    return {
      ok: {
        changes: { steps },
        events: [
          {
            kind: 'reassign',
            actorOpenId: actor,
            openIds: [to],
            detail: { n },
            source: `reassign:${i.id}:${n}:${i.version}`,
          },
        ],
        acknowledges: true,
      },
    };
  });

/**
 * An update. `source` makes it once: the command's event id, or the card version and the text for
 * a button (two presses of the same card with the same text post one update).
 */
export const postUpdate = (
  deps: Deps,
  team: Team,
  id: number,
  text: string,
  actor: string,
  source: string,
  now: Date,
) =>
  changeIncident(deps, team, id, actor, now, async (tx, i) => {
    const src = `update:${i.id}:${source}:${shortHash(text)}`;
    const fresh = await addEvent(tx, {
      incidentId: i.id,
      at: now,
      kind: 'update',
      actorOpenId: actor,
      detail: { text },
      source: src,
    });
    if (!fresh) return { already: actor };
    if (i.playbook.private) await tellPrivately({ ...deps, db: tx }, team, i, actor, text, src, now);
    return { ok: { update: true, acknowledges: true } };
  });

export const setSeverity = (deps: Deps, team: Team, id: number, sev: number, actor: string, now: Date) =>
  changeIncident(deps, team, id, actor, now, async (tx, i) => {
    if (i.severity === sev) return { already: undefined };
    const changes: Changes = { severity: sev };
    // Raised to S1 while nobody has it: the phone escalation starts now. Lowered: it stops.
    if (sev === 1 && !i.acknowledgedAt && !i.policy) {
      const policy = await getPolicy(tx, team.id, SUBJECT, INCIDENT_POLICY);
      Object.assign(changes, { policy, step: 0, nextStepAt: await startEscalation(tx, SUBJECT, i, policy, now) });
    } else if (sev !== 1 && i.policy && !i.acknowledgedAt) {
      await stopForResolve(tx, SUBJECT, i.id, now);
      Object.assign(changes, { policy: null, nextStepAt: null });
    }
    return {
      ok: {
        changes,
        events: [
          {
            kind: 'sev',
            actorOpenId: actor,
            detail: { from: i.severity, to: sev },
            source: `sev:${i.id}:${i.version}`,
          },
        ],
      },
    };
  });

export const markMitigated = (deps: Deps, team: Team, id: number, actor: string, now: Date) =>
  changeIncident(deps, team, id, actor, now, (_, i) =>
    i.mitigatedAt
      ? { already: undefined }
      : {
          ok: {
            changes: { mitigatedAt: now },
            events: [{ kind: 'mitigated', actorOpenId: actor, source: `mitigated:${i.id}` }],
            update: true,
            acknowledges: true,
          },
        },
  );

export const setWording = (deps: Deps, team: Team, id: number, text: string, actor: string, now: Date) =>
  changeIncident(deps, team, id, actor, now, (_, i) =>
    i.playbook.wording === text
      ? { already: undefined }
      : {
          ok: {
            changes: { playbook: { ...i.playbook, wording: text } },
            events: [{ kind: 'wording', actorOpenId: actor, detail: { text }, source: `wording:${i.id}:${i.version}` }],
            update: true,
            acknowledges: true,
          },
        },
  );

/** Closing: the summary is required (the caller checks it is there); nothing of it is left to remind or phone. */
export const closeIncident = (deps: Deps, team: Team, id: number, summary: string, actor: string, now: Date) =>
  changeIncident(deps, team, id, actor, now, async (tx, i) => {
    if (i.policy) await stopForResolve(tx, SUBJECT, i.id, now);
    await cancelTimers(tx, refs.updates(i.id), now);
    await cancelTimers(tx, refs.steps(i.id), now);
    if (i.playbook.private) await tellPrivately({ ...deps, db: tx }, team, i, actor, summary, 'closed', now);
    return {
      ok: {
        changes: { status: 'resolved', closedAt: now, closedBy: actor, summary, nextStepAt: null },
        events: [{ kind: 'closed', actorOpenId: actor, source: `closed:${i.id}` }],
        acknowledges: true,
      },
    };
  });
