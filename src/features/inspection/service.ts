/**
 * The morning inspection's life: posted (by its schedule or /inspect), confirmed item by item
 * (each change under the row's lock, the card patched in place through the outbox), reminded 30
 * minutes before its deadline, escalated at the deadline when unfinished, and done.
 */
import { DateTime } from 'luxon';
import { eq, sql } from 'drizzle-orm';
import type { Deps } from '../../core/deps';
import { localeOf, type Team } from '../../core/teams';
import { scheduleTimer } from '../../core/timers';
import type { Card } from '../../cards/card';
import { stopForResolve } from '../../escalation';
import { enqueue, PRIORITY, uuidFor } from '../../outbox/enqueue';
import { teamPeople } from '../duty/roster';
import { loadRules } from '../duty/roster';
import { onDutyAt } from '../duty/rules';
import { inspectionCard } from './card';
import { loadPrefillData } from './data';
import { confirm, isComplete, type Confirm, type ConfirmResult, type ItemState } from './items';
import { prefillAll } from './prefill';
import {
  carriedFollowups,
  cardRef,
  closeItemFollowups,
  DEADLINE_TIMER,
  deadlineRef,
  INSPECTION_SUBJECT,
  inspectionOfDay,
  loadSettings,
  lockInspection,
  openFollowup,
  REMIND_BEFORE_MS,
  REMIND_TIMER,
  remindRef,
  type Inspection,
} from './repo';
import { inspections } from './schema';

/** The team's local day of `at`. */
export const localDay = (at: Date, zone: string): string => DateTime.fromJSDate(at, { zone }).toISODate()!;

/** The deadline of the day's inspection: the deadline time that day, or 90 min after posting if that has passed. */
export function deadlineOf(day: string, deadlineMinute: number, postedAt: Date, zone: string): Date {
  const at = DateTime.fromISO(day, { zone }).startOf('day').plus({ minutes: deadlineMinute }).toJSDate();
  return at.getTime() > postedAt.getTime() ? at : new Date(postedAt.getTime() + 90 * 60_000);
}

/** Who the inspection @s: the team's chosen owner, else the on-duty primary, else the first supervisor. */
async function ownerNow(deps: Pick<Deps, 'db' | 'config'>, team: Team, chosen: string | null, now: Date) {
  if (chosen) return chosen;
  const duty = onDutyAt(await loadRules(deps.db, team.id), now, team.timeZone);
  if (duty) return duty.primary;
  return (await teamPeople(deps, team.id)).supervisors[0] ?? null;
}

export async function renderInspection(
  deps: Pick<Deps, 'db' | 'config'>,
  team: Team,
  row: Inspection,
  now: Date,
): Promise<Card> {
  const [carried, people] = await Promise.all([carriedFollowups(deps.db, team.id, row.id), teamPeople(deps, team.id)]);
  return inspectionCard({
    row,
    carried,
    names: people.names,
    locale: localeOf(deps.config, team),
    zone: team.timeZone,
    now,
  });
}

export type PostResult = { created: boolean; row: Inspection };

/**
 * Posts the day's inspection: the item list snapshotted with its pre-fill, the card, the reminder
 * and the deadline. A day has one (unique per team and day): a second run, replica or /inspect
 * finds it and posts nothing. Call inside a transaction (the schedule's, or withTx).
 */
export async function postInspection(deps: Deps, team: Team, now: Date): Promise<PostResult> {
  const day = localDay(now, team.timeZone);
  const settings = await loadSettings(deps.db, team.id);
  const L = localeOf(deps.config, team);
  const data = await loadPrefillData(deps, team, now);
  const prefill = prefillAll(settings.items, data, L);
  const items: ItemState[] = settings.items.map((it, i) => ({ ...it, prefill: prefill[i]!, state: 'pending' }));
  const deadlineAt = deadlineOf(day, settings.deadlineMinute, now, team.timeZone);
  const [created] = await deps.db
    .insert(inspections)
    .values({
      teamId: team.id,
      day,
      postedAt: now,
      deadlineAt,
      owner: await ownerNow(deps, team, settings.owner, now),
      items,
    })
    .onConflictDoNothing()
    .returning();
  if (!created) {
    const [old] = await deps.db
      .select()
      .from(inspections)
      .where(sql`${inspections.teamId} = ${team.id} and ${inspections.day} = ${day}`);
    return { created: false, row: old! };
  }
  await enqueue(deps.db, now, {
    kind: 'send',
    teamId: team.id,
    to: { chatId: team.chatId },
    body: { msgType: 'interactive', content: await renderInspection(deps, team, created, now) },
    ref: cardRef(created.id),
    priority: PRIORITY.interactive,
    uuid: uuidFor(`inspection:${created.id}:card`),
  });
  const remindAt = new Date(deadlineAt.getTime() - REMIND_BEFORE_MS);
  if (remindAt.getTime() > now.getTime())
    await scheduleTimer(
      deps.db,
      { teamId: team.id, kind: REMIND_TIMER, ref: remindRef(created.id), dueAt: remindAt, payload: { id: created.id } },
      now,
    );
  await scheduleTimer(
    deps.db,
    {
      teamId: team.id,
      kind: DEADLINE_TIMER,
      ref: deadlineRef(created.id),
      dueAt: deadlineAt,
      payload: { id: created.id },
    },
    now,
  );
  return { created: true, row: created };
}

/**
 * Feishu refuses an update of a card while a callback on it is in flight (200810): the patch waits
 * this long, so the presser's answer (which carries the new card) is out first. Patches that a
 * newer one overtakes meanwhile are dropped by the outbox, so a burst of clicks costs few calls.
 */
export const AFTER_ANSWER_MS = 1_000;

/** Writes the locked row's items (and completion), bumps its version and patches the card in place. */
export async function saveAndPublish(
  deps: Pick<Deps, 'db' | 'config'>,
  team: Team,
  id: number,
  changes: Partial<Omit<Inspection, 'id' | 'version'>>,
  now: Date,
): Promise<{ row: Inspection; card: Card }> {
  const [row] = await deps.db
    .update(inspections)
    .set({ ...changes, version: sql`${inspections.version} + 1` })
    .where(eq(inspections.id, id))
    .returning();
  const c = await renderInspection(deps, team, row!, now);
  await enqueue(deps.db, now, {
    kind: 'patch',
    teamId: team.id,
    message: { ref: cardRef(id) },
    card: c,
    priority: PRIORITY.interactive,
    dueAt: new Date(now.getTime() + AFTER_ANSWER_MS),
    uuid: uuidFor(`inspection:${id}:v${row!.version}`),
  });
  return { row: row!, card: c };
}

export type MarkResult =
  | { outcome: 'not_found' }
  | { outcome: 'unchanged'; why: Exclude<ConfirmResult, { changed: true }>['why']; row: Inspection; card: Card }
  | { outcome: 'ok'; row: Inspection; card: Card; touched: number[] };

/**
 * One confirmation (a click, the form, or a command), in one transaction holding the row's lock:
 * clicks by several people at once take turns, each one reflected on the card. A problem opens a
 * follow-up with its owner; an item confirmed OK after all closes its follow-up. The last item
 * done completes the inspection and ends any escalation of it.
 */
export async function markItem(
  deps: Deps,
  team: Team,
  id: number,
  c: Confirm,
  by: string,
  now: Date,
): Promise<MarkResult> {
  const result = await deps.db.transaction(async (tx): Promise<MarkResult> => {
    const d = { ...deps, db: tx };
    const row = await lockInspection(tx, id, team.id);
    if (!row) return { outcome: 'not_found' };
    const r = confirm(row.items, c, by, now);
    if (!r.changed) return { outcome: 'unchanged', why: r.why, row, card: await renderInspection(d, team, row, now) };
    for (const n of r.touched) {
      const it = r.items[n - 1]!;
      if (it.state === 'problem')
        await openFollowup(
          tx,
          { teamId: team.id, inspectionId: id, item: it.name, note: it.note ?? '', owner: it.owner ?? by },
          now,
        );
      else if (row.items[n - 1]?.state === 'problem') await closeItemFollowups(tx, id, it.name, by, now);
    }
    const done = isComplete(r.items) && !row.completedAt;
    if (done) await stopForResolve(tx, INSPECTION_SUBJECT, id, now);
    const saved = await saveAndPublish(
      d,
      team,
      id,
      { items: r.items, ...(done ? { completedAt: now, status: 'resolved' as const, nextStepAt: null } : {}) },
      now,
    );
    return { outcome: 'ok', ...saved, touched: r.touched };
  });
  deps.wake();
  return result;
}

/**
 * New data arrived (a KPI write, an account report): today's unfinished inspection takes it into
 * the pre-fill of the items still to check, and the card is patched when that changed anything.
 * Runs in the data signal's timer transaction (core/data-signals.ts).
 */
export async function refreshPrefill(deps: Deps, team: Team, now: Date): Promise<void> {
  const today = await inspectionOfDay(deps.db, team.id, localDay(now, team.timeZone));
  if (!today || today.completedAt) return;
  const row = (await lockInspection(deps.db, today.id))!;
  const fresh = prefillAll(row.items, await loadPrefillData(deps, team, now), localeOf(deps.config, team));
  const items = row.items.map((it, i) => (it.state === 'pending' ? { ...it, prefill: fresh[i]! } : it));
  if (JSON.stringify(items) !== JSON.stringify(row.items)) await saveAndPublish(deps, team, row.id, { items }, now);
}

/** Re-renders the card (a follow-up was closed, the deadline passed). */
export async function refreshCard(
  deps: Pick<Deps, 'db' | 'config'>,
  team: Team,
  id: number,
  now: Date,
): Promise<Card | undefined> {
  const row = await lockInspection(deps.db, id, team.id);
  return row ? (await saveAndPublish(deps, team, id, {}, now)).card : undefined;
}
