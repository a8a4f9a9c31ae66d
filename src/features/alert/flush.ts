/**
 * A group's flush (timer "alert.flush", run holding the timer and then the group's lock): what the
 * card shows now, and how it reaches the group — a new message when the episode first notifies or
 * repeats, otherwise a patch of the card in place (the outbox drops patches a newer one overtakes),
 * nothing when the card would look the same. A storm sends one notice besides. Everything it
 * enqueues commits with the timer being done: replicas racing the same timer send once.
 */
import { createHash } from 'node:crypto';
import type { Deps } from '../../core/deps';
import { localeOf, teamOf, type Team } from '../../core/teams';
import type { TimerRow } from '../../core/timers';
import { interactive } from '../../cards/card';
import { enqueue, PRIORITY, uuidFor } from '../../outbox/enqueue';
import { t } from '../../i18n';
import { teamPeople } from '../duty/roster';
import { activeStores, opsOfStores } from '../stores/repo';
import { groupCard, movedCard, type CardAlert } from './card';
import { scheduleFlush } from './evaluate';
import {
  activeSilences,
  armFlush,
  episodeAlerts,
  loadSettings,
  lockGroupById,
  updateGroup,
  type AlertGroup,
  type AlertRow,
} from './repo';
import { inHours, nextWorkingStart, silencedBy, type Op } from './rules';
import { AX } from './texts';

/** The outbox ref of the group's n-th message of an episode: patches point at it. */
export const cardRef = (g: Pick<AlertGroup, 'id' | 'seq'>, msg: number): string => `alert:${g.id}:${g.seq}:${msg}`;

export function toCardAlert(a: AlertRow, storeNames: ReadonlyMap<number, string>): CardAlert {
  return {
    id: a.id,
    storeId: a.storeId,
    storeName: a.storeId === null ? '' : (storeNames.get(a.storeId) ?? `#${a.storeId}`),
    metric: a.metric,
    agent: a.agent,
    state: a.state,
    value: a.value,
    firstValue: a.firstValue,
    targetOp: (a.targetOp as Op | null) ?? null,
    targetValue: a.targetValue,
    firedAt: a.firedAt,
    resolvedAt: a.resolvedAt,
    claimedBy: a.claimedBy,
    flappingUntil: a.flappingUntil,
    changes: a.changes.length,
  };
}

export async function storeNamesOf(deps: Pick<Deps, 'db'>, teamId: number): Promise<Map<number, string>> {
  // Removed stores too would be nicer; active ones name what the floor works on.
  return new Map((await activeStores(deps.db, teamId)).map((s) => [s.id, s.name]));
}

export async function flushGroup(deps: Deps, groupId: number, now: Date): Promise<void> {
  const db = deps.db;
  const g = await lockGroupById(db, groupId);
  if (!g || g.status !== 'open') return;
  const team: Team = await teamOf(db, g.teamId);
  const L = localeOf(deps.config, team);
  const [s, rows, silences, people, names] = await Promise.all([
    loadSettings(db, team.id),
    episodeAlerts(db, g),
    activeSilences(db, team.id, now),
    teamPeople(deps, team.id),
    storeNamesOf(deps, team.id),
  ]);
  if (!inHours(s.hours, now, team.timeZone)) {
    // Armed before the hours were set, or a repeat due at night: held for the next period.
    if (!g.heldSince) await updateGroup(db, g.id, { heldSince: now });
    await armFlush(db, g, nextWorkingStart(s.hours, now, team.timeZone), now);
    return;
  }
  const silenced = rows.filter(
    (a) => a.state === 'firing' && silencedBy(silences, { storeId: a.storeId, metric: a.metric }, now),
  );
  const visible = rows.filter((a) => !silenced.includes(a));
  // A flapping alert stays open until its mute ends, whatever its state this minute: the group
  // neither closes nor opens again (a new message each time) while it flips.
  const flapping = (a: AlertRow) => a.flappingUntil !== null && a.flappingUntil > now;
  const firing = visible.filter((a) => a.state === 'firing' || flapping(a));
  const held = g.heldSince
    ? (() => {
        const during = rows.filter((a) => a.firedAt >= g.heldSince!);
        return { n: during.length, resolved: during.filter((a) => a.state === 'resolved').length };
      })()
    : undefined;
  const everFiring = rows.some((a) => a.state === 'firing' || flapping(a));
  if (!g.notifiedAt && !firing.length && !(held && held.n && visible.length)) {
    // Nothing to tell (resolved within group_wait, or all silenced): no message; close when over.
    if (!everFiring) await updateGroup(db, g.id, { status: 'closed', heldSince: null });
    return;
  }
  const c = groupCard({
    groupId: g.id,
    seq: g.seq,
    alerts: visible.map((a) => toCardAlert(a, names)),
    silenced: silenced.length,
    ...(held ? { held } : {}),
    // Each firing store's own ops (/store ops), else the team's ops role.
    ops: await opsOfStores(
      db,
      team.id,
      firing.map((a) => a.storeId),
      people.ops,
    ),
    names: people.names,
    locale: L,
    zone: team.timeZone,
    now,
    platform: deps.platformFor(team.platform),
  });
  const hash = createHash('sha256').update(JSON.stringify(c)).digest('base64url').slice(0, 22);
  const repeat = g.notifiedAt && firing.length && now.getTime() >= g.notifiedAt.getTime() + s.repeatIntervalMs;
  const chat = { chatId: team.chatId };
  let set: Partial<AlertGroup> = { flushedAt: now, heldSince: null };
  if (!g.notifiedAt || repeat) {
    const msg = g.msg + 1;
    if (g.msg > 0) {
      // The old message says where the alerts went, so nobody acts on a stale card.
      await enqueue(db, now, {
        kind: 'patch',
        teamId: team.id,
        message: { ref: cardRef(g, g.msg) },
        card: movedCard(L),
        priority: PRIORITY.normal,
        uuid: uuidFor(`alert:${g.id}:${g.seq}:${g.msg}:moved`),
      });
    }
    await enqueue(db, now, {
      kind: 'send',
      teamId: team.id,
      to: chat,
      body: interactive(c),
      ref: cardRef(g, msg),
      priority: PRIORITY.interactive,
      uuid: uuidFor(`alert:${g.id}:${g.seq}:${msg}`),
    });
    set = { ...set, msg, notifiedAt: now, version: 0, cardHash: hash };
  } else if (hash !== g.cardHash) {
    const version = g.version + 1;
    await enqueue(db, now, {
      kind: 'patch',
      teamId: team.id,
      message: { ref: cardRef(g, g.msg) },
      card: c,
      priority: PRIORITY.interactive,
      uuid: uuidFor(`alert:${g.id}:${g.seq}:${g.msg}:v${version}`),
    });
    set = { ...set, version, cardHash: hash };
  }
  if (!g.stormAt && firing.length >= s.stormThreshold) {
    const stores = new Set(firing.map((a) => a.storeId)).size;
    await enqueue(db, now, {
      kind: 'send',
      teamId: team.id,
      to: chat,
      body: { msgType: 'text', content: { text: t(L, AX.storm, { n: firing.length, stores }) } },
      ref: `alert:${g.id}:${g.seq}:storm`,
      priority: PRIORITY.interactive,
      uuid: uuidFor(`alert:${g.id}:${g.seq}:storm`),
    });
    set.stormAt = now;
  }
  // Every alert resolved and the card shows it: the episode is over; a new breach opens the next.
  if (!everFiring) set.status = 'closed';
  const updated = await updateGroup(db, g.id, set);
  // The repeat: only for what the group sees (a silence's end arms its own flush).
  if (firing.length)
    await scheduleFlush(db, updated, { newMembers: false, updates: false, firing: true }, s, team, now);
  deps.wake();
}

export const runFlushTimer = (deps: Deps, timer: TimerRow): Promise<void> =>
  flushGroup(deps, Number(timer.payload.groupId), deps.clock.now());
