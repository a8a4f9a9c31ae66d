/**
 * The outbox dispatcher: everything floorwalker says leaves through here, on the platform of the
 * row's team, within that platform's limits, across replicas. One pass claims due rows
 * (outbox/claim.ts), and for each row: finds the message it acts on (resolve.ts), takes rate slots
 * (rate-limit.ts), calls the platform (call.ts) — inside the guard's transaction when it has one —
 * and records the outcome (record.ts) after classifying any failure (classify.ts).
 *
 * The Node runtime calls it in a loop (woken by deps.wake() and on a short poll); Workers call it
 * after each event and from the cron. Nothing is held in memory between passes: a crash mid-pass
 * leaves rows leased, and they are taken again when the lease runs out.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Deps } from '../core/deps';
import type { PlatformApi } from '../port/platform';
import type { Db } from '../db/client';
import { teams } from '../db/schema';
import { callPlatform, MalformedRow, type CallResult } from './call';
import { claimDue, nextOutboxDue, sharedLane, type OutboxRow } from './claim';
import { backoffMs, classifyFailure, MAX_ATTEMPTS } from './classify';
import { checkGuard } from './guards';
import type { OutboxOutcome } from './listeners';
import { outgoingFile } from './files';
import { finishRow, holdRows, retryRow } from './record';
import { PRIORITY } from './enqueue';
import { appKey, appLimit, pauseKey, slice, slotsFor, takeSlots, urgentDue, type Reach, type Slot } from './rate-limit';
import { withMemberNames } from './mention-names';
import { isSuperseded, resolveTarget, type Place } from './resolve';

export { pruneRateSlots } from './rate-limit';

/** How long a pass owns the rows it claimed. */
const LEASE_MS = 60_000;
/** No call starts this close to the lease's end (the platform adapters give up on a call after 10 s). */
const LEASE_MARGIN_MS = 20_000;
/** Urgent rows due are counted up to this many (appLimit keeps at most the platform's reserve for them). */
const URGENT_COUNT_MAX = 50;
/** Rows (each the head of its lane: a chat, a user, a card) sent side by side. */
const CONCURRENCY = 4;

/**
 * Team id → its platform's name, for the life of the process: a team's platform is part of what
 * the team is (platform + tenant + chat) and never changes, so each team is looked up once, not
 * once per pass. Bounded; cleared when full. Per database: team ids are unique only within one,
 * and a process with two (the tests') must not send one's team through the other's platform.
 */
const teamPlatformsByDb = new WeakMap<object, Map<number, string>>();
const MAX_KNOWN_TEAMS = 10_000;

export interface DispatchResult {
  sent: number;
  failed: number;
  /** Left pending for later: no rate slot yet, waiting for the message they act on, or retrying. */
  deferred: number;
  cancelled: number;
  /** With `nextDue`: when the next pending row may be taken; undefined when nothing is pending. */
  nextDueAt?: Date;
}

/**
 * `maxPriority`: a pass over only the rows that urgent (see claimDue).
 * `nextDue` asks for one more query after the pass, for a caller that sleeps until then (a Worker
 * drain, the test helpers); the Node loop polls anyway and does not pay for it.
 */
export async function dispatchOutbox(
  deps: Deps,
  opts: { limit?: number; runnerId?: string; nextDue?: boolean; maxPriority?: number } = {},
): Promise<DispatchResult> {
  const startedAt = deps.clock.now();
  const token = `${opts.runnerId ?? 'outbox'}/${randomUUID().slice(0, 8)}`;
  const leaseUntil = new Date(startedAt.getTime() + LEASE_MS);
  const rows = await claimDue(deps.db, startedAt, {
    limit: opts.limit ?? 50,
    leaseUntil,
    token,
    ...(opts.maxPriority === undefined ? {} : { maxPriority: opts.maxPriority }),
  });
  // Urgent rows due anywhere (claimed by this pass or held by another replica's): the other rows
  // of every pass leave them room in the app's budget, so a backlog never takes their slots first.
  // Counted up to more than any slice budget; each platform caps what it keeps at its own reserve.
  const urgentWaiting = rows.some((r) => r.priority > PRIORITY.urgent)
    ? await urgentDue(deps.db, startedAt, URGENT_COUNT_MAX)
    : 0;
  const pass = new Pass(deps, token, leaseUntil, urgentWaiting);
  try {
    // Patches and buzzes that wait for a message another row sends go last, so that a card and
    // its buzz claimed together go out in one pass.
    const waits = (r: OutboxRow) => (r.kind === 'patch' || r.kind === 'urgent') && typeof r.target.ref === 'string';
    await pass.run(rows.filter((r) => !waits(r)));
    await pass.run(rows.filter(waits));
  } finally {
    await pass.flushHolds();
  }
  const nextDueAt = opts.nextDue ? await nextOutboxDue(deps.db, deps.clock.now(), pass.laneClosed) : undefined;
  return { ...pass.tally, ...(nextDueAt ? { nextDueAt } : {}) };
}

/** The key a row's chat/user/card limit counts under (patches: the resolved message). */
function rateKeyOf(row: OutboxRow, messageId: string | undefined): string | undefined {
  if (row.kind === 'patch') return messageId ? `msg:${messageId}` : undefined;
  return sharedLane(row);
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/**
 * What a row's call reaches, for the platform's windows: the API it uses, the group it lands in (a
 * patch: the group of its card), the people it reaches (a p2p message, a buzz). Buzzes count against
 * the people they ring (where the platform limits that), not the group: they post nothing into it.
 */
export function reachOf(row: OutboxRow, place: Place): Reach {
  const t = row.target;
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  switch (row.kind) {
    case 'send':
    case 'reply': {
      const chatId = str(t.chatId);
      const openId = str(t.openId);
      return { call: row.kind, ...(chatId ? { chatId } : {}), ...(openId ? { openIds: [openId] } : {}) };
    }
    case 'patch':
      return {
        call: 'patch',
        ...(place.chatId ? { chatId: place.chatId } : {}),
        ...(place.openId ? { openIds: [place.openId] } : {}),
      };
    case 'urgent': {
      const kind = row.payload.urgent;
      return {
        ...(kind === 'app' || kind === 'sms' || kind === 'phone' ? { call: `urgent_${kind}` as const } : {}),
        buzzed: strings(row.payload.openIds),
      };
    }
    case 'card_update':
      return { call: 'card_update' };
    default:
      return {};
  }
}

type Called = { ok: true; value: CallResult } | { ok: false; err: unknown };

class Pass {
  readonly tally = { sent: 0, failed: 0, deferred: 0, cancelled: 0 };
  private readonly holds = new Map<number | null, number[]>();
  /** Lanes known to be closed until a time (slot used or refused), so their other rows do not ask again. */
  readonly laneClosed = new Map<string, number>();
  /** Slot keys found full this pass: `key@second` → the highest limit that was refused, and when it reopens. */
  private readonly full = new Map<string, { limit: number; reopensAt: number }>();
  /** By platform: when its app-wide pause ends. */
  private readonly appPausedUntil = new Map<string, number>();

  constructor(
    private readonly deps: Deps,
    private readonly token: string,
    private readonly leaseUntil: Date,
    private readonly urgentWaiting = 0,
  ) {}

  /** A few rows side by side, taken in claim (priority) order; a pass holds one row per lane. */
  async run(rows: OutboxRow[]): Promise<void> {
    const queue = [...rows];
    const worker = async () => {
      for (let row = queue.shift(); row; row = queue.shift()) await this.process(row);
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
  }

  async flushHolds(): Promise<void> {
    for (const [until, ids] of this.holds)
      await holdRows(this.deps.db, ids, this.token, until === null ? null : new Date(until));
    this.holds.clear();
  }

  private hold(row: OutboxRow, until: number | null): void {
    this.holds.set(until, [...(this.holds.get(until) ?? []), row.id]);
    this.tally.deferred++;
  }

  private async process(row: OutboxRow): Promise<void> {
    const { deps } = this;
    const now = deps.clock.now();
    try {
      // Past the margin another replica may take the row over soon: leave it to them, untouched.
      if (now.getTime() >= this.leaseUntil.getTime() - LEASE_MARGIN_MS) return this.hold(row, null);
      const platform = await this.platformOf(row);
      const lane = sharedLane(row);
      const closed = Math.max(this.appPausedUntil.get(platform.name) ?? 0, (lane && this.laneClosed.get(lane)) || 0);
      if (closed > now.getTime()) return this.hold(row, closed);
      // The app's slice already found full for this row's priority: no need to look up its target first.
      const app = slice(platform.limits, appKey(platform.name), now.getTime());
      const appFull = this.full.get(`${app.key}@${app.second}`);
      if (appFull && appLimit(platform.limits, row.priority, this.urgentWaiting) <= appFull.limit)
        return this.hold(row, appFull.reopensAt);

      const target = await resolveTarget(deps.db, row, now);
      if ('waitUntil' in target) return this.hold(row, target.waitUntil.getTime());
      if ('cancel' in target)
        return this.finish(deps.db, row, platform, { status: 'cancelled', reason: target.cancel }, false);
      if ('fail' in target)
        return this.finish(
          deps.db,
          row,
          platform,
          { status: 'failed', reason: target.fail, message: target.message },
          false,
        );
      if (await isSuperseded(deps.db, row))
        return this.finish(deps.db, row, platform, { status: 'cancelled', reason: 'superseded' }, false);

      const rateKey = rateKeyOf(row, target.messageId);
      const slots = slotsFor(platform, rateKey, row.priority, now.getTime(), reachOf(row, target), this.urgentWaiting);
      const refused = await this.takeSlots(slots);
      const laneSlot = rateKey ? slots.find((s) => !s.window && s.key.startsWith(`${rateKey}#`)) : undefined;
      // A lane has one slot per quarter second: used or refused, its next row waits for the next.
      if (lane && laneSlot) this.laneClosed.set(lane, laneSlot.reopensAt);
      if (refused.length) return this.hold(row, Math.max(...refused.map((s) => s.reopensAt)));
      await this.send(row, platform, target.messageId);
    } catch (err) {
      await this.internalError(row, err);
    }
  }

  /** The team's platform; rows of no team (a reply to someone the bot knows no team of) go by the default. */
  private async platformOf(row: OutboxRow): Promise<PlatformApi> {
    const { deps } = this;
    if (row.teamId === null) return deps.platform;
    let teamPlatforms = teamPlatformsByDb.get(deps.db);
    if (!teamPlatforms) teamPlatformsByDb.set(deps.db, (teamPlatforms = new Map()));
    const known = teamPlatforms.get(row.teamId);
    if (known) return deps.platformFor(known);
    const [t] = await deps.db.select({ platform: teams.platform }).from(teams).where(eq(teams.id, row.teamId));
    if (!t) return deps.platform;
    if (teamPlatforms.size >= MAX_KNOWN_TEAMS) teamPlatforms.clear();
    teamPlatforms.set(row.teamId, t.platform);
    return deps.platformFor(t.platform);
  }

  /** Refused without a round trip when this pass already found the key full at that limit. */
  private async takeSlots(slots: Slot[]): Promise<Slot[]> {
    const known = slots.flatMap((s) => {
      const f = this.full.get(`${s.key}@${s.second}`);
      return f && s.limit <= f.limit ? [{ ...s, reopensAt: Math.max(s.reopensAt, f.reopensAt) }] : [];
    });
    if (known.length) return known;
    const refused = await takeSlots(this.deps.db, slots);
    for (const s of refused) {
      const f = this.full.get(`${s.key}@${s.second}`);
      this.full.set(`${s.key}@${s.second}`, {
        limit: Math.max(s.limit, f?.limit ?? 0),
        reopensAt: f ? Math.min(f.reopensAt, s.reopensAt) : s.reopensAt,
      });
    }
    return refused;
  }

  /**
   * A guarded row is sent inside a transaction that first checks the guard, which locks the
   * guarded domain row FOR SHARE. Whoever changes that row (e.g. /ack claiming the anomaly) waits
   * for this transaction, so either the claim commits first and the guard says no — the row is
   * cancelled, nothing sent — or the send completes first. No buzz goes out after a claim.
   */
  private async send(row: OutboxRow, platform: PlatformApi, messageId: string | undefined): Promise<void> {
    const { deps } = this;
    // Names are read before any guard's transaction: a read beside it would wait on it (PGlite: one connection).
    const named = await withMemberNames(deps.db, platform, row);
    if (!row.guard) return this.settle(deps.db, row, platform, messageId, await this.call(named, platform, messageId));
    const guard = row.guard;
    await deps.db.transaction(async (tx) => {
      if (!(await checkGuard(deps.app.guards, tx, guard)))
        return this.finish(tx, row, platform, { status: 'cancelled', reason: 'guard' }, false);
      await this.settle(tx, row, platform, messageId, await this.call(named, platform, messageId));
    });
  }

  private async call(row: OutboxRow, platform: PlatformApi, messageId: string | undefined): Promise<Called> {
    try {
      const fileOf = (id: number) => outgoingFile(this.deps.db, id);
      return { ok: true, value: await callPlatform(platform, row, messageId, fileOf) };
    } catch (err) {
      if (err instanceof MalformedRow) throw err;
      return { ok: false, err };
    }
  }

  private async settle(
    db: Db,
    row: OutboxRow,
    platform: PlatformApi,
    messageId: string | undefined,
    called: Called,
  ): Promise<void> {
    if (called.ok) return this.finish(db, row, platform, { status: 'sent', ...called.value }, true);
    const verdict = classifyFailure(called.err, { kind: row.kind, attempt: row.attempts + 1 });
    if (verdict.action === 'fail') {
      const { reason, code, message } = verdict;
      return this.finish(db, row, platform, { status: 'failed', reason, ...(code ? { code } : {}), message }, true);
    }
    const now = this.deps.clock.now().getTime();
    const until = now + verdict.afterMs;
    const { limits } = platform;
    if (verdict.pause === 'app') {
      this.appPausedUntil.set(platform.name, Math.max(this.appPausedUntil.get(platform.name) ?? 0, until));
      await pauseKey(db, limits, appKey(platform.name), now, until);
    }
    // The chat is closed for the platform's pause; the row itself backs off (verdict.afterMs).
    const rateKey = rateKeyOf(row, messageId);
    const lane = sharedLane(row);
    if (verdict.pause === 'lane' && rateKey) await pauseKey(db, limits, rateKey, now, now + limits.lanePauseMs);
    if (verdict.pause === 'lane' && lane) this.laneClosed.set(lane, now + limits.lanePauseMs);
    this.deps.log.warn('outbox call failed, will retry', {
      id: row.id,
      kind: row.kind,
      reason: verdict.reason,
      code: verdict.code,
      inMs: verdict.afterMs,
    });
    // Rate limits keep the row's place in its lane, and so do errors in a shared lane (a chat, a
    // user, a card): the rows behind it wait, so a group sees its messages in the order they were
    // written even when one of them needed a retry. A row alone in its lane is rescheduled.
    await retryRow(db, row, this.token, {
      ...(verdict.pause || lane ? { holdUntil: new Date(until) } : { dueAt: new Date(until) }),
      countsAsAttempt: verdict.countsAsAttempt,
      reason: verdict.reason,
      ...(verdict.code ? { code: verdict.code } : {}),
      message: verdict.message,
    });
    this.tally.deferred++;
  }

  private async finish(
    db: Db,
    row: OutboxRow,
    platform: PlatformApi | undefined,
    outcome: OutboxOutcome,
    called: boolean,
  ): Promise<void> {
    await finishRow(this.deps, db, row, outcome, { called, ...(platform ? { words: platform.words } : {}) });
    this.tally[outcome.status]++;
    if (outcome.status === 'failed') {
      this.deps.log.warn('outbox row failed', {
        id: row.id,
        kind: row.kind,
        ref: row.ref,
        reason: outcome.reason,
        code: outcome.code,
        error: outcome.message,
      });
    }
  }

  /** A bug or a database hiccup, not a platform's answer: retried like a transient error, then recorded. */
  private async internalError(row: OutboxRow, err: unknown): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    this.deps.log.error('outbox row could not be processed', { id: row.id, kind: row.kind, error: message });
    const attempt = row.attempts + 1;
    try {
      if (err instanceof MalformedRow || attempt >= MAX_ATTEMPTS) {
        await this.finish(this.deps.db, row, undefined, { status: 'failed', reason: 'internal', message }, true);
      } else {
        await retryRow(this.deps.db, row, this.token, {
          dueAt: new Date(this.deps.clock.now().getTime() + backoffMs(attempt)),
          countsAsAttempt: true,
          reason: 'internal',
          message,
        });
        this.tally.deferred++;
      }
    } catch (again) {
      // The database itself is failing: the lease runs out and the row is taken again.
      this.deps.log.error('outbox row left to its lease', {
        id: row.id,
        error: again instanceof Error ? again.message : String(again),
      });
      this.tally.deferred++;
    }
  }
}
