import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { jobs } from '../../jobs';
import { defineJob } from '../../src/core/job-def';
import { cronMatches, dueJobs, parseCron } from '../../src/runtime/cron-match';

/** node-cron's own matcher (what the Node scheduler fires on). */
function nodeCron(expr: string, timeZone: string): { match(d: Date): boolean; destroy(): void | Promise<void> } {
  return cron.createTask(expr, () => {}, { timezone: timeZone });
}

const EXPRESSIONS = [
  '* * * * *',
  '17 3 * * *',
  '*/15 * * * *',
  '0 9-18/3 * * 1-5',
  '30 8 * * mon,wed,fri',
  '0 0 1 apr,jul *',
  '0 22-2 * * *',
  '0 4 * * 7',
  '0 12 * * fri-mon',
  '0 0 13 * 5',
  '0 30 9 * * *',
  '@daily',
  '@hourly',
  '0 0 ? * sun',
  '0,30 6-7 1-7,15 * *',
];
// Whole-hour offsets, so UTC minutes :00 :17 :30 are the same minutes on the local clock.
const ZONES = ['Asia/Shanghai', 'America/New_York'];

describe('the Workers cron matcher', () => {
  it('agrees with node-cron, across time zones and a DST change', () => {
    // Every hour at :00, :17 and :30 for 45 days from 1 March 2026 (New York springs forward on
    // 8 March; 13 March is a Friday). Each expression must also fire at least once.
    const start = Date.UTC(2026, 2, 1);
    const instants: Date[] = [];
    for (let h = 0; h < 45 * 24; h++)
      for (const m of [0, 17, 30]) instants.push(new Date(start + h * 3_600_000 + m * 60_000));
    for (const expr of EXPRESSIONS) {
      const schedule = parseCron(expr);
      let fired = 0;
      for (const tz of ZONES) {
        const theirs = nodeCron(expr, tz);
        try {
          for (const at of instants) {
            const [ours, node] = [cronMatches(schedule, at, tz), theirs.match(at)];
            if (ours !== node)
              throw new Error(`${expr} in ${tz} at ${at.toISOString()}: ours ${ours}, node-cron ${node}`);
            if (ours) fired++;
          }
        } finally {
          void theirs.destroy();
        }
      }
      expect(fired, expr).toBeGreaterThan(0);
    }
  });

  it('picks the jobs due at a minute in the team time zone', () => {
    const prune = jobs.find((j) => j.name === 'prune')!;
    expect(dueJobs([prune], new Date('2026-01-15T19:17:42Z'), 'Asia/Shanghai')).toEqual([prune]);
    expect(dueJobs([prune], new Date('2026-01-15T03:17:00Z'), 'Asia/Shanghai')).toEqual([]);
    expect(dueJobs([prune], new Date('2026-01-15T03:17:00Z'), 'UTC')).toEqual([prune]);
    const everyMinute = defineJob({
      name: 'tick',
      description: { 'zh-CN': '', en: '' },
      schedule: '* * * * *',
      run: async () => 'ok',
    });
    expect(dueJobs([prune, everyMinute], new Date('2026-01-15T08:00:00Z'), 'Asia/Shanghai')).toEqual([everyMinute]);
  });

  it('parses every job schedule in jobs/', () => {
    for (const job of jobs) expect(() => parseCron(job.schedule), job.name).not.toThrow();
  });

  it('refuses what it does not implement instead of never matching', () => {
    for (const expr of [
      '0 0 L * *',
      '0 0 * * 5L',
      '0 0 * * 1#2',
      '0 0 15W * *',
      '5/10 * * * *',
      '60 * * * *',
      '* * * *',
      'x * * * *',
    ]) {
      expect(() => parseCron(expr), expr).toThrow(/cron/);
    }
  });
});
