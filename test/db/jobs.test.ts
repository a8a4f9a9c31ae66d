import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobDef } from '../../src/core/job-def';
import type { PlatformApi } from '../../src/port/platform';
import { runJobOnce } from '../../src/runtime/jobs';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { createTestDeps } from '../helpers/deps';

describe('running a job once per slot', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.destroy());

  it('runs it for the first claimant, skips it for the next, and says what it did or why it failed', async () => {
    const deps = createTestDeps({ database: db, platform: {} as PlatformApi });
    const ok: JobDef = {
      name: 'count',
      schedule: '* * * * *',
      description: { 'zh-CN': '', en: '' },
      run: async () => 'counted 3',
    } as JobDef;
    expect(await runJobOnce(deps, ok, 'slot-1', 'a')).toEqual({ result: 'ran', outcome: 'counted 3' });
    expect(await runJobOnce(deps, ok, 'slot-1', 'b')).toEqual({ result: 'skipped' });
    const broken = { ...ok, name: 'broken', run: async () => Promise.reject(new Error('disk full')) } as JobDef;
    expect(await runJobOnce(deps, broken, 'slot-1', 'a')).toEqual({ result: 'failed', outcome: 'error: disk full' });
  });
});
