import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openPglite, query, type Database } from '../../src/db/client';
import { applyMigrations } from '../../src/db/migrate';
import { loadMigrations } from '../../src/db/migrations-fs';
import { getPolicy } from '../../src/escalation/policies';
import { DEFAULT_POLICY, ladderPolicy, planStep, schedule } from '../../src/escalation/policy';

/** 0005 reshapes escalation_policies to (team, subject) → jsonb; a team's changed policy must survive it. */
describe('migration escalation_subjects: existing policies carried over', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openPglite(undefined);
    const all = await loadMigrations();
    const at = all.findIndex((m) => m.tag.endsWith('escalation_subjects'));
    expect(at).toBeGreaterThan(0);
    await applyMigrations(db.db, all.slice(0, at));
    await db.db.execute(
      sql`insert into teams (id, tenant_key, chat_id, time_zone, created_at) values (1, 't', 'oc_a', 'Asia/Shanghai', now()), (2, 't', 'oc_b', 'Asia/Shanghai', now())`,
    );
    await db.db
      .execute(sql`insert into escalation_policies (team_id, first_delay_ms, interval_ms, supervisor_rounds, claim_reminder_ms, updated_by, updated_at)
                            values (1, 30000, 120000, 2, 1800000, 'ou_boss', now())`);
    await applyMigrations(db.db, all);
  });
  afterAll(() => db.close());

  it('turns the old columns into the anomaly ladder with the same timing, keyed by subject', async () => {
    const rows = await query<{ team_id: string | number; subject: string; updated_by: string }>(
      db.db,
      sql`select team_id, subject, updated_by from escalation_policies`,
    );
    expect(rows.map((r) => [Number(r.team_id), r.subject, r.updated_by])).toEqual([[1, 'anomaly', 'ou_boss']]);
    const p = await getPolicy(db.db, 1, 'anomaly', { defaultPolicy: DEFAULT_POLICY });
    expect(p).toEqual(
      ladderPolicy({ firstDelayMs: 30_000, intervalMs: 120_000, supervisorRounds: 2, claimReminderMs: 1_800_000 }),
    );
    expect(schedule(p, new Date(0)).map((s) => s.at.getTime())).toEqual([30_000, 150_000, 270_000, 390_000, 510_000]);
    expect(planStep(p, 1, { primary: 'ou_p', supervisors: [] }, () => true).buzz?.channels).toEqual(['phone', 'app']);
    // A team that never changed it still gets the default, and another subject of the same team is its own row.
    expect(await getPolicy(db.db, 2, 'anomaly', { defaultPolicy: DEFAULT_POLICY })).toEqual(DEFAULT_POLICY);
    expect(await getPolicy(db.db, 1, 'incident', { defaultPolicy: DEFAULT_POLICY })).toEqual(DEFAULT_POLICY);
  });

  it('keys the table by (team, subject)', async () => {
    await db.db.execute(
      sql`insert into escalation_policies (team_id, subject, policy, updated_at) values (1, 'incident', ${JSON.stringify(DEFAULT_POLICY)}::jsonb, now())`,
    );
    await expect(
      db.db.execute(
        sql`insert into escalation_policies (team_id, subject, policy, updated_at) values (1, 'anomaly', '{}'::jsonb, now())`,
      ),
    ).rejects.toThrow();
  });
});
