/**
 * Alert state, grouping and timers in the database: data signals collapse per window, flapping is
 * marked and muted, a small base does not alert, a card's flush runs once however many replicas
 * race it, and a silenced alert is recorded but not shown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { ManualClock } from '../../src/clock';
import { query } from '../../src/db/client';
import { teams, timers } from '../../src/db/schema';
import { outbox } from '../../src/db/schema';
import { DATA_TIMER } from '../../src/core/data-signals';
import { runDueTimers } from '../../src/core/timers';
import { teamOf } from '../../src/core/teams';
import { evaluateKpi } from '../../src/features/alert/evaluate';
import { FLUSH_TIMER } from '../../src/features/alert/repo';
import { alerts } from '../../src/features/alert/schema';
import { createSilence } from '../../src/features/alert/silences';
import { signalHourlyTeams } from '../../src/features/alert/tick';
import { upsertValues, type ValueRow } from '../../src/features/kpi/repo';
import { stores } from '../../src/features/stores/schema';
import { useTestDatabase } from '../helpers/db';
import { createTestDeps } from '../helpers/deps';
import { startFakeFeishu, type FakeFeishu } from '../helpers/fake-feishu';

const db = useTestDatabase();
let feishu: FakeFeishu;
const T0 = new Date('2027-01-05T02:00:00Z');
const clock = new ManualClock(T0);
clock.freeze();
const deps = () => createTestDeps({ database: db, platform: feishu.platform, clock });

beforeAll(async () => {
  feishu = await startFakeFeishu();
});
afterAll(() => feishu.close());

async function teamWithStore(chat: string) {
  const [team] = await db.db
    .insert(teams)
    .values({ tenantKey: 't', chatId: chat, timeZone: 'Asia/Shanghai', createdAt: clock.now() })
    .returning();
  const [store] = await db.db
    .insert(stores)
    .values({ teamId: team!.id, name: '天猫旗舰店', platform: 'tmall', createdAt: clock.now() })
    .returning();
  return { teamId: team!.id, storeId: store!.id };
}

const row = (storeId: number, o: Partial<ValueRow> = {}): ValueRow => ({
  storeId,
  agent: '',
  metric: 'first_response_s',
  day: '2027-01-04',
  hour: -1,
  value: 40,
  base: null,
  ...o,
});

const pendingOf = (teamId: number, kind: string) =>
  db.db
    .select()
    .from(timers)
    .where(and(eq(timers.teamId, teamId), eq(timers.kind, kind), sql`done_at is null and cancelled_at is null`));

const sendsOf = (teamId: number) =>
  db.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.teamId, teamId), eq(outbox.kind, 'send')));

describe('data signals', () => {
  it('every write signals; writes within one window make one timer, the next window another', async () => {
    const { teamId, storeId } = await teamWithStore('oc_signal');
    await upsertValues(db.db, teamId, [row(storeId)], 'api', clock.now());
    await upsertValues(db.db, teamId, [row(storeId, { value: 41 })], 'api', new Date(clock.now().getTime() + 500));
    expect(await pendingOf(teamId, DATA_TIMER)).toHaveLength(1);
    await upsertValues(db.db, teamId, [row(storeId, { value: 42 })], 'api', new Date(clock.now().getTime() + 2_500));
    expect(await pendingOf(teamId, DATA_TIMER)).toHaveLength(2);
    // Nothing stored, nothing signalled.
    await upsertValues(db.db, teamId, [], 'api', new Date(clock.now().getTime() + 9_000));
    expect(await pendingOf(teamId, DATA_TIMER)).toHaveLength(2);
  });
});

describe('alert state', () => {
  it('a small base does not alert; a big enough one does', async () => {
    const { teamId, storeId } = await teamWithStore('oc_base');
    const d = deps();
    const team = await teamOf(db.db, teamId);
    await upsertValues(
      db.db,
      teamId,
      [row(storeId, { metric: 'reply_3min_rate', value: 0.5, base: 10 })],
      'api',
      clock.now(),
    );
    await evaluateKpi(d, team, clock.now());
    expect(await db.db.select().from(alerts).where(eq(alerts.teamId, teamId))).toHaveLength(0);
    await upsertValues(
      db.db,
      teamId,
      [row(storeId, { metric: 'reply_3min_rate', value: 0.5, base: 30 })],
      'api',
      clock.now(),
    );
    await evaluateKpi(d, team, clock.now());
    const [a] = await db.db.select().from(alerts).where(eq(alerts.teamId, teamId));
    expect(a).toMatchObject({ state: 'firing', fingerprint: `kpi:${storeId}:reply_3min_rate:`, firstValue: 0.5 });
  });

  it('4 changes within an hour mark it flapping, muted 2 hours; the card says so once, the flips after that arm nothing', async () => {
    const { teamId, storeId } = await teamWithStore('oc_flap');
    const d = deps();
    const team = await teamOf(db.db, teamId);
    const t = (min: number) => new Date(T0.getTime() + 3600_000 + min * 60_000);
    for (const [i, v] of [40, 20, 40, 20].entries()) {
      clock.freeze(t(i * 10));
      await upsertValues(db.db, teamId, [row(storeId, { value: v })], 'api', clock.now());
      await evaluateKpi(d, team, clock.now());
      clock.freeze(t(i * 10 + 1));
      await runDueTimers(d, d.app.timers);
    }
    const [a] = await db.db.select().from(alerts).where(eq(alerts.teamId, teamId));
    expect(a!.flappingUntil).toEqual(new Date(t(30).getTime() + 2 * 3600_000));
    const cards = await query<{ payload: unknown; kind: string }>(
      db.db,
      sql`select kind, payload from outbox where team_id = ${teamId} and kind in ('send', 'patch') order by id desc limit 1`,
    );
    expect(JSON.stringify(cards[0]!.payload)).toContain('抖动');
    const before = (await db.db.select().from(outbox).where(eq(outbox.teamId, teamId))).length;
    clock.freeze(t(35));
    await upsertValues(db.db, teamId, [row(storeId, { value: 40 })], 'api', clock.now());
    await evaluateKpi(d, team, clock.now());
    expect(await pendingOf(teamId, FLUSH_TIMER)).toHaveLength(1); // the repeat, armed before
    clock.freeze(t(36));
    await runDueTimers(d, d.app.timers);
    expect((await db.db.select().from(outbox).where(eq(outbox.teamId, teamId))).length).toBe(before);
  });

  it('a flush raced by three replicas sends the card once, and the repeat once', async () => {
    const { teamId, storeId } = await teamWithStore('oc_race');
    const team = await teamOf(db.db, teamId);
    clock.freeze(new Date(T0.getTime() + 6 * 3600_000));
    await upsertValues(db.db, teamId, [row(storeId)], 'api', clock.now());
    await evaluateKpi(deps(), team, clock.now());
    clock.freeze(new Date(clock.now().getTime() + 11_000));
    const replicas = [deps(), deps(), deps()];
    await Promise.all(replicas.map((r) => runDueTimers(r, r.app.timers)));
    await Promise.all(replicas.map((r) => runDueTimers(r, r.app.timers)));
    expect(await sendsOf(teamId)).toHaveLength(1);
    // Still firing after repeat_interval (4 h): a new message, and the old card points to it.
    clock.freeze(new Date(clock.now().getTime() + 4 * 3600_000));
    await Promise.all(replicas.map((r) => runDueTimers(r, r.app.timers)));
    expect(await sendsOf(teamId)).toHaveLength(2);
    const patches = await db.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.teamId, teamId), eq(outbox.kind, 'patch')));
    expect(patches.map((p) => JSON.stringify(p.payload))).toEqual([expect.stringContaining('新消息中继续')]);
  });

  it('a silenced breach is recorded but sends nothing; the card would count it', async () => {
    const { teamId, storeId } = await teamWithStore('oc_silence');
    const d = deps();
    const team = await teamOf(db.db, teamId);
    clock.freeze(new Date(T0.getTime() + 7 * 3600_000));
    await createSilence(
      d,
      team,
      { storeId, metric: null, durationMs: 3600_000, reason: '装修', by: 'ou_x', source: 's1' },
      clock.now(),
    );
    // The same source twice (a double click) is one silence.
    const again = await createSilence(
      d,
      team,
      { storeId, metric: null, durationMs: 3600_000, reason: '装修', by: 'ou_x', source: 's1' },
      clock.now(),
    );
    expect(again.created).toBe(false);
    await upsertValues(db.db, teamId, [row(storeId)], 'api', clock.now());
    await evaluateKpi(d, team, clock.now());
    clock.freeze(new Date(clock.now().getTime() + 11_000));
    await runDueTimers(d, d.app.timers);
    expect(await db.db.select().from(alerts).where(eq(alerts.teamId, teamId))).toHaveLength(1);
    expect(await sendsOf(teamId)).toHaveLength(0);
    // It ends while the store still breaches: the notice, and the card's first message.
    clock.freeze(new Date(clock.now().getTime() + 3600_000));
    await runDueTimers(d, d.app.timers);
    clock.freeze(new Date(clock.now().getTime() + 1_000));
    await runDueTimers(d, d.app.timers);
    const sent = await sendsOf(teamId);
    expect(sent.map((s) => JSON.stringify(s.payload))).toEqual([
      expect.stringContaining('已到期'),
      expect.stringContaining('告警 · 1 项超标'),
    ]);
  });
});

describe('the minute job', () => {
  it('signals the teams with hourly data of the last two days, and only them', async () => {
    const { teamId, storeId } = await teamWithStore('oc_hourly');
    const other = await teamWithStore('oc_daily');
    clock.freeze(new Date(T0.getTime() + 9 * 3600_000));
    await upsertValues(db.db, teamId, [row(storeId, { day: '2027-01-05', hour: 10 })], 'api', clock.now());
    await upsertValues(db.db, other.teamId, [row(other.storeId)], 'api', clock.now());
    clock.freeze(new Date(clock.now().getTime() + 60_000));
    const before = [(await pendingOf(teamId, DATA_TIMER)).length, (await pendingOf(other.teamId, DATA_TIMER)).length];
    await signalHourlyTeams(deps());
    expect([(await pendingOf(teamId, DATA_TIMER)).length, (await pendingOf(other.teamId, DATA_TIMER)).length]).toEqual([
      before[0]! + 1,
      before[1],
    ]);
  });
});
