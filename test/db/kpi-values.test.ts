import { describe, expect, it } from 'vitest';
import { teams } from '../../src/db/schema';
import {
  loadReportValues,
  loadTargets,
  loadValues,
  resetTarget,
  setTarget,
  upsertValues,
  type ValueRow,
} from '../../src/features/kpi/repo';
import { storeDemoHistory } from '../../src/features/kpi/demo-seed';
import { stores } from '../../src/features/stores/schema';
import { useTestDatabase } from '../helpers/db';

const db = useTestDatabase();
const now = new Date('2026-12-01T01:00:00Z');

async function teamWithStore(chat: string) {
  const [team] = await db.db
    .insert(teams)
    .values({ tenantKey: 't', chatId: chat, timeZone: 'Asia/Shanghai', createdAt: now })
    .returning();
  const [store] = await db.db
    .insert(stores)
    .values({ teamId: team!.id, name: '天猫旗舰店', platform: 'tmall', createdAt: now })
    .returning();
  return { teamId: team!.id, storeId: store!.id };
}

const row = (storeId: number, o: Partial<ValueRow> = {}): ValueRow => ({
  storeId,
  agent: '',
  metric: 'first_response_s',
  day: '2026-11-30',
  hour: -1,
  value: 30,
  base: null,
  ...o,
});

describe('KPI values', () => {
  it('a batch sent twice stores once; a changed value replaces, never sums', async () => {
    const { teamId, storeId } = await teamWithStore('oc_kpi_1');
    const batch = [
      row(storeId),
      row(storeId, { agent: '小王', value: 41, base: 90 }),
      row(storeId, { metric: 'reply_3min_rate', value: 0.92 }),
    ];
    expect(await upsertValues(db.db, teamId, batch, 'api', now)).toEqual({ inserted: 3, replaced: 0 });
    expect(await upsertValues(db.db, teamId, batch, 'api', now)).toEqual({ inserted: 0, replaced: 3 });
    expect(
      await upsertValues(db.db, teamId, [row(storeId, { value: 35 }), row(storeId, { value: 36 })], 'manual:ou_x', now),
    ).toEqual({ inserted: 0, replaced: 1 });
    const all = await loadValues(db.db, teamId, { from: '2026-11-30', to: '2026-11-30' });
    expect(all).toHaveLength(3);
    expect(all.find((v) => v.metric === 'first_response_s' && v.agent === '')).toMatchObject({
      value: 36,
      source: 'manual:ou_x',
    });
    expect(await loadValues(db.db, teamId, { from: '2026-11-30', to: '2026-11-30', agent: '*' })).toEqual([
      expect.objectContaining({ agent: '小王', value: 41, base: 90 }),
    ]);
  });

  it("an hourly value and the day's value are different periods; another team sees neither", async () => {
    const a = await teamWithStore('oc_kpi_2');
    const b = await teamWithStore('oc_kpi_3');
    await upsertValues(
      db.db,
      a.teamId,
      [
        row(a.storeId, { metric: 'consult_users', value: 500 }),
        row(a.storeId, { metric: 'consult_users', hour: 9, value: 40 }),
      ],
      'api',
      now,
    );
    expect(await loadValues(db.db, a.teamId, { from: '2026-11-30', to: '2026-11-30' })).toHaveLength(1);
    expect(await loadValues(db.db, a.teamId, { from: '2026-11-30', to: '2026-11-30', hourly: true })).toHaveLength(2);
    expect(await loadValues(db.db, b.teamId, { from: '2026-11-01', to: '2026-12-31', hourly: true })).toEqual([]);
  });

  it("'rollup' reads a store's own value where it has one, else its agents' (what a report rolls up)", async () => {
    const { teamId, storeId } = await teamWithStore('oc_rollup');
    await upsertValues(
      db.db,
      teamId,
      [
        row(storeId, { value: 40 }),
        row(storeId, { agent: '小王', value: 10 }),
        row(storeId, { agent: '小王', metric: 'avg_response_s', value: 50 }),
        row(storeId, { agent: '小陈', metric: 'avg_response_s', value: 70 }),
      ],
      'test',
      now,
    );
    const got = await loadReportValues(db.db, teamId, { from: '2026-11-30', to: '2026-11-30', agent: 'rollup' });
    expect(got.map((r) => `${r.metric} ${r.agent || '(store)'} ${r.value}`).sort()).toEqual(
      ['avg_response_s 小陈 70', 'avg_response_s 小王 50', 'first_response_s (store) 40'].sort(),
    );
  });

  it("targets: the team's and a store's, replaced in place, reset back", async () => {
    const { teamId, storeId } = await teamWithStore('oc_kpi_4');
    const names = new Map([[storeId, '天猫旗舰店']]);
    await setTarget(db.db, teamId, { metric: 'first_response_s', storeId: null, op: '<=', value: 30 }, 'ou_boss', now);
    await setTarget(db.db, teamId, { metric: 'first_response_s', storeId: null, op: '<=', value: 25 }, 'ou_boss', now);
    await setTarget(db.db, teamId, { metric: 'first_response_s', storeId, op: '<=', value: 20 }, 'ou_boss', now);
    expect(await loadTargets(db.db, teamId, names)).toEqual(
      expect.arrayContaining([
        { metric: 'first_response_s', store: null, op: '<=', value: 25 },
        { metric: 'first_response_s', store: '天猫旗舰店', op: '<=', value: 20 },
      ]),
    );
    expect(await resetTarget(db.db, teamId, 'first_response_s', storeId)).toBe(true);
    expect(await resetTarget(db.db, teamId, 'first_response_s', storeId)).toBe(false);
    expect(await loadTargets(db.db, teamId, names)).toEqual([
      { metric: 'first_response_s', store: null, op: '<=', value: 25 },
    ]);
  });
});

describe("the sandbox's demo history", () => {
  it('stores 30 days once, then fills only new days and leaves a day with real values alone', async () => {
    const { teamId, storeId } = await teamWithStore('oc_kpi_demo');
    const team = { id: teamId, timeZone: 'Asia/Shanghai' };
    const stored = await storeDemoHistory(db.db, team, now);
    const all = await loadValues(db.db, teamId, { from: '2026-11-01', to: '2026-11-30', hourly: true });
    expect(all).toHaveLength(stored);
    // The consult volume by hour, adding up to the day's figure.
    const hours = all.filter((v) => v.metric === 'consult_users' && v.agent === '' && v.hour >= 0);
    expect(hours).toHaveLength(30 * 24);
    const day = all.find(
      (v) => v.metric === 'consult_users' && v.agent === '' && v.hour === -1 && v.day === '2026-11-20',
    )!;
    expect(hours.filter((v) => v.day === day.day).reduce((n, v) => n + v.value, 0)).toBe(day.value);
    expect(new Set(all.map((v) => v.day)).size).toBe(30);
    expect(new Set(all.map((v) => v.source))).toEqual(new Set(['demo']));
    expect(new Set(all.filter((v) => v.agent).map((v) => v.agent)).size).toBe(5);
    // Again (a restart): nothing new, nothing doubled.
    expect(await storeDemoHistory(db.db, team, now)).toBe(0);
    expect(await loadValues(db.db, teamId, { from: '2026-11-01', to: '2026-11-30', hourly: true })).toHaveLength(
      stored,
    );

    // Someone enters 1 December by hand; the clock then moves on two days.
    await upsertValues(db.db, teamId, [row(storeId, { day: '2026-12-01', value: 12 })], 'manual:ou_x', now);
    const added = await storeDemoHistory(db.db, team, new Date('2026-12-03T01:00:00Z'));
    expect(added).toBeGreaterThan(50);
    expect(await loadValues(db.db, teamId, { from: '2026-12-01', to: '2026-12-01' })).toEqual([
      expect.objectContaining({ value: 12, source: 'manual:ou_x' }),
    ]);
    const dec2 = await loadValues(db.db, teamId, { from: '2026-12-02', to: '2026-12-02', hourly: true });
    expect(dec2.length).toBe(added);
    expect(dec2.every((v) => v.source === 'demo')).toBe(true);
  });
});
