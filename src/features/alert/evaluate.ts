/**
 * Judging a team's KPI values when they arrive (the "kpi" data signal) and each minute for hourly
 * data: every identity's latest final value through the alert state machine, under the group's
 * lock (two evaluations of one team never interleave), and the group's flush armed when the card
 * has something to show.
 */
import { DateTime } from 'luxon';
import type { Deps } from '../../core/deps';
import type { Team } from '../../core/teams';
import type { Db } from '../../db/client';
import { loadTargets, loadValues } from '../kpi/repo';
import { activeStores } from '../stores/repo';
import { kpiFingerprint, observe, oldestJudgedDay, orphaned } from './observe';
import {
  alertsOfKind,
  armFlush,
  loadSettings,
  lockGroup,
  openEpisode,
  updateGroup,
  writeAlerts,
  type AlertGroup,
  type AlertRow,
  type NewAlert,
} from './repo';
import { flushDue, step } from './rules';
import type { AlertSettings } from './settings';

export const KPI_GROUP = 'kpi';

/** What changed on the card: new members wait for the interval, other changes are patched soon. */
export interface Needs {
  newMembers: boolean;
  updates: boolean;
  firing: boolean;
}

/** Arms the group's flush for `needs`, holding the group; notes a hold outside business hours. */
export async function scheduleFlush(
  db: Db,
  g: AlertGroup,
  needs: Needs,
  s: AlertSettings,
  team: Team,
  now: Date,
): Promise<void> {
  if (!g.openedAt) return;
  const due = flushDue({ openedAt: g.openedAt, notifiedAt: g.notifiedAt }, needs, s, now, team.timeZone);
  if (!due) return;
  const unheld = flushDue(
    { openedAt: g.openedAt, notifiedAt: g.notifiedAt },
    needs,
    { ...s, hours: undefined },
    now,
    team.timeZone,
  )!;
  if (due.getTime() !== unheld.getTime() && !g.heldSince) await updateGroup(db, g.id, { heldSince: now });
  await armFlush(db, g, due, now);
}

export async function evaluateKpi(deps: Deps, team: Team, now: Date): Promise<void> {
  const db = deps.db;
  const s = await loadSettings(db, team.id);
  let group = await lockGroup(db, team.id, KPI_GROUP);
  const stores = await activeStores(db, team.id);
  const names = new Map(stores.map((st) => [st.id, st.name]));
  const [targets, values, existing] = await Promise.all([
    loadTargets(db, team.id, names),
    stores.length
      ? loadValues(db, team.id, {
          from: oldestJudgedDay(now, team.timeZone),
          to: DateTime.fromJSDate(now, { zone: team.timeZone }).toISODate()!,
          storeIds: stores.map((st) => st.id),
          hourly: true,
        })
      : [],
    alertsOfKind(db, team.id, 'kpi'),
  ]);
  if (!stores.length && !existing.some((a) => a.state === 'firing')) return;
  const byFp = new Map(existing.map((a) => [a.fingerprint, a]));
  const obs = observe(values, stores, targets, { minBase: s.minBase, now, zone: team.timeZone });
  const needs: Needs = { newMembers: false, updates: false, firing: false };
  // Every change is collected and written in a few statements (10,000 agents' values in a batch
  // are thousands of changes: one round trip each would take seconds).
  const writes: (NewAlert & { id?: number })[] = [];
  const put = (prev: AlertRow | undefined, row: Partial<NewAlert>) =>
    writes.push({ ...(prev ?? {}), ...row } as NewAlert & { id?: number });
  for (const o of obs) {
    if (o.tooSmall) continue;
    const prev = byFp.get(o.fingerprint);
    const st = step(prev, o.value, o.threshold, s, now);
    if (!prev && st.event !== 'fired') continue;
    // Flapping and muted: the state is kept, the card only says so (once, when it starts).
    const quiet = st.flappingUntil !== null && !st.flapStarted;
    const facts = {
      value: o.value,
      targetOp: o.threshold.op,
      targetValue: o.threshold.value,
      period: o.period,
      changes: st.changes,
      flappingUntil: st.flappingUntil,
      updatedAt: now,
    };
    if (st.event === 'fired' && group.status === 'closed') group = await openEpisode(db, group, now);
    if (!prev) {
      put(undefined, {
        teamId: team.id,
        groupId: group.id,
        seq: group.seq,
        kind: 'kpi',
        fingerprint: kpiFingerprint(o.storeId, o.metric, o.agent),
        storeId: o.storeId,
        agent: o.agent,
        metric: o.metric,
        state: 'firing',
        firedAt: now,
        firstValue: o.value,
        ...facts,
      });
      needs.newMembers = true;
      continue;
    }
    if (st.event === 'fired') {
      const newMember = prev.seq !== group.seq;
      put(prev, {
        ...facts,
        state: 'firing',
        seq: group.seq,
        groupId: group.id,
        resolvedAt: null,
        ...(newMember ? { firedAt: now, firstValue: o.value, claimedBy: null, claimedAt: null } : {}),
      });
      if (!quiet) newMember ? (needs.newMembers = true) : (needs.updates = true);
    } else if (st.event === 'resolved') {
      put(prev, { ...facts, state: 'resolved', resolvedAt: now });
      if (!quiet && prev.seq === group.seq) needs.updates = true;
    } else if (
      prev.state === 'firing' &&
      (prev.value !== o.value || prev.targetValue !== o.threshold.value || prev.targetOp !== o.threshold.op)
    ) {
      // A worse (or better, still breaching) value: the same alert, updated in place.
      put(prev, facts);
      if (!quiet && prev.seq === group.seq) needs.updates = true;
    } else if (prev.changes.length !== st.changes.length) {
      put(prev, { changes: st.changes });
    }
  }
  // A firing alert of a removed store, or of a metric left without a target, resolves: no value
  // will ever judge it again.
  const judged = new Set(obs.map((o) => o.fingerprint));
  for (const prev of existing) {
    if (prev.state !== 'firing' || judged.has(prev.fingerprint) || !orphaned(prev, names, targets)) continue;
    put(prev, { state: 'resolved', resolvedAt: now, updatedAt: now });
    if (prev.seq === group.seq) needs.updates = true;
  }
  await writeAlerts(db, writes);
  if (group.status === 'open' && (needs.newMembers || needs.updates))
    await scheduleFlush(db, group, needs, s, team, now);
}
