/**
 * Judging a team's keyword counts when they arrive (the "keywords" data signal): each store's
 * keyword through the rule; a new warning posts its card to the group with the ops people
 * mentioned, every later change of the same keyword that day (worse, resolved, back again)
 * patches that card in place. Runs inside the signal's timer transaction, holding the day's
 * warning rows, so what it enqueues commits once.
 */
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Deps } from '../../core/deps';
import { localeOf, type Team } from '../../core/teams';
import { interactive } from '../../cards/card';
import { scheduleTimer, type TimerRow } from '../../core/timers';
import { teamOf } from '../../core/teams';
import { enqueue, PRIORITY, uuidFor } from '../../outbox/enqueue';
import { teamPeople } from '../duty/roster';
import { activeStores, opsOfStores } from '../stores/repo';
import { warningCard } from './card';
import { insertWarning, loadCounts, lockWarnings, minCountOf, updateWarning, type CountRow } from './repo';
import { BASELINE_DAYS, decide, observeKeyword, ratioOf } from './rules';

export const warningRef = (id: number): string => `keyword:${id}`;
export const DAY_END_TIMER = 'keyword.dayEnd';

const hashOf = (x: unknown): string => createHash('sha256').update(JSON.stringify(x)).digest('base64url').slice(0, 22);

export async function evaluateKeywords(deps: Deps, team: Team, now: Date): Promise<void> {
  const db = deps.db;
  const local = DateTime.fromJSDate(now, { zone: team.timeZone });
  const day = local.toISODate()!;
  const warnings = await lockWarnings(db, team.id, day);
  const [counts, min, stores] = await Promise.all([
    loadCounts(db, team.id, local.minus({ days: BASELINE_DAYS }).toISODate()!, day, local.hour),
    minCountOf(db, team.id),
    activeStores(db, team.id),
  ]);
  const names = new Map(stores.map((s) => [s.id, s.name]));
  const byKey = new Map<string, CountRow[]>();
  for (const c of counts) {
    const k = `${c.storeId}|${c.keyword}`;
    (byKey.get(k) ?? byKey.set(k, []).get(k)!).push(c);
  }
  const existing = new Map(warnings.map((w) => [`${w.storeId}|${w.keyword}`, w]));
  const L = localeOf(deps.config, team);
  let people: Awaited<ReturnType<typeof teamPeople>> | undefined;
  let sent = false;
  for (const [k, rows] of byKey) {
    const { storeId, keyword } = rows[0]!;
    const prev = existing.get(k);
    const obs = observeKeyword(rows, now, team.timeZone);
    const d = decide(obs, min, prev?.state === 'firing');
    const state = d === 'fire' ? 'firing' : d === 'resolve' ? 'resolved' : prev?.state;
    if (!state) continue;
    people ??= await teamPeople(deps, team.id);
    const c = warningCard({
      keyword,
      store: storeId ? (names.get(storeId) ?? `#${storeId}`) : '',
      state,
      obs,
      ops: await opsOfStores(db, team.id, [storeId], people.ops),
      names: people.names,
      locale: L,
      zone: team.timeZone,
      now,
    });
    // The time in the card moves every run; the hash is of what the card says about the keyword.
    const hash = hashOf([state, obs.today, obs.baselineTotal, obs.hour]);
    const facts = { state, ratio: Math.min(ratioOf(obs), 1e9), count: obs.today, updatedAt: now };
    if (!prev) {
      const w = await insertWarning(db, {
        teamId: team.id,
        storeId,
        keyword,
        day,
        ...facts,
        cardHash: hash,
        firedAt: now,
      });
      if (!w) continue;
      // At the day's end a warning still firing is closed (its card patched 已结束).
      await scheduleTimer(
        db,
        {
          teamId: team.id,
          kind: DAY_END_TIMER,
          ref: `dayend:${team.id}:${day}`,
          dueAt: local.plus({ days: 1 }).startOf('day').toJSDate(),
          payload: { day },
        },
        now,
      );
      await enqueue(db, now, {
        kind: 'send',
        teamId: team.id,
        to: { chatId: team.chatId },
        body: interactive(c),
        ref: warningRef(w.id),
        priority: PRIORITY.interactive,
        uuid: uuidFor(warningRef(w.id)),
      });
      sent = true;
    } else if (hash !== prev.cardHash) {
      const version = prev.version + 1;
      await updateWarning(db, prev.id, {
        ...facts,
        version,
        cardHash: hash,
        resolvedAt: state === 'resolved' ? (prev.resolvedAt ?? now) : null,
      });
      await enqueue(db, now, {
        kind: 'patch',
        teamId: team.id,
        message: { ref: warningRef(prev.id) },
        card: c,
        priority: PRIORITY.interactive,
        uuid: uuidFor(`${warningRef(prev.id)}:v${version}`),
      });
      sent = true;
    }
  }
  if (sent) deps.wake();
}

/**
 * keyword.dayEnd (at the team's midnight): the day's warnings still firing end — state resolved,
 * the card patched 已结束 with the whole day's count — so yesterday's card never stays open.
 */
export async function runDayEnd(deps: Deps, timer: TimerRow): Promise<void> {
  if (timer.teamId === null) return;
  const db = deps.db;
  const team = await teamOf(db, timer.teamId);
  const day = String(timer.payload.day ?? '');
  const firing = (await lockWarnings(db, team.id, day)).filter((w) => w.state === 'firing');
  if (!firing.length) return;
  const now = deps.clock.now();
  // The day as a whole, judged as at its last minute.
  const end = DateTime.fromISO(day, { zone: team.timeZone }).endOf('day');
  const [counts, stores, people] = await Promise.all([
    loadCounts(db, team.id, end.minus({ days: BASELINE_DAYS }).toISODate()!, day),
    activeStores(db, team.id),
    teamPeople(deps, team.id),
  ]);
  const names = new Map(stores.map((s) => [s.id, s.name]));
  for (const w of firing) {
    const rows = counts.filter((c) => c.storeId === w.storeId && c.keyword === w.keyword);
    const obs = observeKeyword(rows, end.toJSDate(), team.timeZone);
    const version = w.version + 1;
    await updateWarning(db, w.id, { state: 'resolved', resolvedAt: now, updatedAt: now, version, count: obs.today });
    await enqueue(db, now, {
      kind: 'patch',
      teamId: team.id,
      message: { ref: warningRef(w.id) },
      card: warningCard({
        keyword: w.keyword,
        store: w.storeId ? (names.get(w.storeId) ?? `#${w.storeId}`) : '',
        state: 'ended',
        obs,
        ops: [],
        names: people.names,
        locale: localeOf(deps.config, team),
        zone: team.timeZone,
        now,
      }),
      priority: PRIORITY.normal,
      uuid: uuidFor(`${warningRef(w.id)}:v${version}`),
    });
  }
  deps.wake();
}
