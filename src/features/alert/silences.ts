/**
 * Silences: a store, a metric, both or everything, for a while, with a reason — from /silence or
 * the card's button. A silenced alert is still recorded and counted on the card ("已静默 n 项");
 * when the silence ends (expires, or /silence end) the group is told what still breaches and the
 * card shows it again. The rows are the audit: who, when, why, and who ended it.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { recordAudit } from '../../core/audit';
import type { Deps } from '../../core/deps';
import type { Db } from '../../db/client';
import { localeOf, teamOf, type Team } from '../../core/teams';
import { cancelTimers, scheduleTimer, type TimerRow } from '../../core/timers';
import { formatLocal } from '../../domain/local-time';
import { t, type Text } from '../../i18n';
import { enqueue, PRIORITY, uuidFor } from '../../outbox/enqueue';
import { metricByKey } from '../kpi/catalog';
import { KPI_GROUP, scheduleFlush } from './evaluate';
import { activeSilences, firingAlerts, loadSettings, lockGroup, SILENCE_TIMER, type SilenceRow } from './repo';
import { silencedBy } from './rules';
import { alertSilences } from './schema';
import { storeNamesOf } from './flush';
import { AX } from './texts';

/** At most two weeks: a longer mute is a target that needs changing. */
export const MAX_SILENCE_MS = 14 * 24 * 3600_000;

const silenceRef = (id: number) => `alert:silence:${id}`;

export function scopeText(
  s: Pick<SilenceRow, 'storeId' | 'metric'>,
  storeNames: ReadonlyMap<number, string>,
  tr: (x: Text, p?: Record<string, string | number>) => string,
): string {
  const store = s.storeId === null ? undefined : (storeNames.get(s.storeId) ?? `#${s.storeId}`);
  const m = s.metric ? metricByKey(s.metric) : undefined;
  const metric = m ? tr(m.name) : (s.metric ?? undefined);
  if (store && metric) return tr(AX.scopeBoth, { store, metric });
  if (store) return tr(AX.scopeStore, { store });
  if (metric) return tr(AX.scopeMetric, { metric });
  return tr(AX.scopeAll);
}

export interface NewSilence {
  storeId: number | null;
  metric: string | null;
  durationMs: number;
  reason: string;
  by: string;
  /** What made it (the event, the button press): the same twice makes one silence. */
  source: string;
}

/** The audit log's line for a silence set or ended early, in the team's language. */
async function auditSilence(deps: Deps, db: Db, team: Team, s: SilenceRow, what: 'set' | 'end', by: string, now: Date) {
  const L = localeOf(deps.config, team);
  const tr = (x: Text, p?: Record<string, string | number>) => t(L, x, p);
  const scope = scopeText(s, await storeNamesOf({ db }, team.id), tr);
  await recordAudit(
    db,
    {
      teamId: team.id,
      actor: by,
      action: 'silence',
      summary: tr(what === 'set' ? AX.auditSilenceSet : AX.auditSilenceEnded, { id: s.id, scope, reason: s.reason }),
      detail: { id: s.id, storeId: s.storeId, metric: s.metric, endsAt: s.endsAt.toISOString(), what },
      source: `silence:${s.id}:${what}`,
    },
    now,
  );
}

/** Creates the silence (or finds the one this source made) and arms its expiry. */
export async function createSilence(
  deps: Deps,
  team: Team,
  n: NewSilence,
  now: Date,
): Promise<SilenceRow & { created: boolean }> {
  return deps.db.transaction(async (tx) => {
    const [made] = await tx
      .insert(alertSilences)
      .values({
        teamId: team.id,
        storeId: n.storeId,
        metric: n.metric,
        startsAt: now,
        endsAt: new Date(now.getTime() + n.durationMs),
        reason: n.reason,
        createdBy: n.by,
        createdAt: now,
        source: n.source,
      })
      .onConflictDoNothing()
      .returning();
    if (!made) {
      const [had] = await tx
        .select()
        .from(alertSilences)
        .where(and(eq(alertSilences.teamId, team.id), eq(alertSilences.source, n.source)));
      return { ...had!, created: false };
    }
    await scheduleTimer(
      tx,
      { teamId: team.id, kind: SILENCE_TIMER, ref: silenceRef(made.id), dueAt: made.endsAt, payload: { id: made.id } },
      now,
    );
    await auditSilence(deps, tx, team, made, 'set', n.by, now);
    // The card's "已静默 n 项" and its list change at once.
    const g = await lockGroup(tx, team.id, KPI_GROUP);
    if (g.status === 'open' && g.notifiedAt)
      await scheduleFlush(
        tx,
        g,
        { newMembers: false, updates: true, firing: false },
        await loadSettings(tx, team.id),
        team,
        now,
      );
    return { ...made, created: true };
  });
}

/** The silence's line in the team's language. */
export function silenceText(
  s: SilenceRow,
  storeNames: ReadonlyMap<number, string>,
  tr: (x: Text, p?: Record<string, string | number>) => string,
  zone: string,
  L: Parameters<typeof formatLocal>[2],
  now: Date,
  who: string,
): string {
  return tr(AX.silenceItem, {
    id: s.id,
    scope: scopeText(s, storeNames, tr),
    until: formatLocal(s.endsAt, zone, L, now),
    who,
    reason: s.reason ? tr(AX.silenceReason, { reason: s.reason }) : '',
  });
}

/**
 * After a silence ends: how many alerts it covered still breach (and are covered by no other), and
 * the group's flush armed so the card shows them — a first message if the group never notified.
 */
async function afterSilence(deps: Deps, team: Team, s: SilenceRow, now: Date): Promise<number> {
  const db = deps.db;
  const g = await lockGroup(db, team.id, KPI_GROUP);
  const others = (await activeSilences(db, team.id, now)).filter((o) => o.id !== s.id);
  const still = (await firingAlerts(db, team.id)).filter(
    (a) =>
      (s.storeId === null || s.storeId === a.storeId) &&
      (s.metric === null || s.metric === a.metric) &&
      !silencedBy(others, { storeId: a.storeId, metric: a.metric }, now),
  );
  if (still.length && g.status === 'open')
    await scheduleFlush(
      db,
      g,
      { newMembers: !g.notifiedAt, updates: true, firing: true },
      await loadSettings(db, team.id),
      team,
      now,
    );
  return still.length;
}

async function notice(deps: Deps, team: Team, s: SilenceRow, text: Text, stillN: number, now: Date, tag: string) {
  const L = localeOf(deps.config, team);
  const tr = (x: Text, p?: Record<string, string | number>) => t(L, x, p);
  const names = await storeNamesOf(deps, team.id);
  const still = stillN ? tr(AX.stillBreaching, { n: stillN }) : tr(AX.noneBreaching);
  const body = tr(text, { id: s.id, scope: scopeText(s, names, tr), still });
  await enqueue(deps.db, now, {
    kind: 'send',
    teamId: team.id,
    to: { chatId: team.chatId },
    body: { msgType: 'text', content: { text: body } },
    priority: PRIORITY.normal,
    uuid: uuidFor(`alert:silence:${s.id}:${tag}`),
  });
  return body;
}

/** The expiry timer: the notice, and what still breaches back on the card. */
export async function runSilenceTimer(deps: Deps, timer: TimerRow): Promise<void> {
  const id = Number(timer.payload.id);
  const [s] = await deps.db.select().from(alertSilences).where(eq(alertSilences.id, id)).for('update');
  if (!s || s.endedAt) return;
  const team = await teamOf(deps.db, s.teamId);
  const now = deps.clock.now();
  const still = await afterSilence(deps, team, s, now);
  await notice(deps, team, s, AX.silenceExpired, still, now, 'expired');
  deps.wake();
}

/** /silence end <id>: ends it now (audited), says what still breaches; undefined when none is active. */
export async function endSilence(
  deps: Deps,
  team: Team,
  id: number,
  by: string,
  now: Date,
): Promise<string | undefined> {
  const text = await deps.db.transaction(async (tx) => {
    const [s] = await tx
      .update(alertSilences)
      .set({ endedAt: now, endedBy: by })
      .where(
        and(
          eq(alertSilences.id, id),
          eq(alertSilences.teamId, team.id),
          isNull(alertSilences.endedAt),
          sql`${alertSilences.endsAt} > ${now.toISOString()}::timestamptz`,
        ),
      )
      .returning();
    if (!s) return undefined;
    const d = { ...deps, db: tx };
    await cancelTimers(tx, silenceRef(id), now, SILENCE_TIMER);
    const still = await afterSilence(d, team, s, now);
    const L = localeOf(deps.config, team);
    const tr = (x: Text, p?: Record<string, string | number>) => t(L, x, p);
    const names = await storeNamesOf(d, team.id);
    await auditSilence(deps, tx, team, s, 'end', by, now);
    return tr(AX.silenceEnded, {
      id: s.id,
      scope: scopeText(s, names, tr),
      still: still ? tr(AX.stillBreaching, { n: still }) : tr(AX.noneBreaching),
    });
  });
  deps.wake();
  return text;
}
