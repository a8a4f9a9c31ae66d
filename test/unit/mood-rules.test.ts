import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregate,
  coverCandidates,
  MIN_SAMPLE,
  nextPromptSlot,
  parseCheckIn,
  parseDays,
  parsePromptTimes,
  repeatsLevel1,
} from '../../src/features/mood/rules';

const H = 3_600_000;
const now = new Date('2026-11-23T02:00:00Z'); // 10:00 Shanghai

describe('mood rules', () => {
  it('reads a check-in line: the card, a level with a note kept as typed, or a clear problem', () => {
    expect(parseCheckIn('')).toEqual({ ok: true, kind: 'card' });
    expect(parseCheckIn('2 被客户骂了 a=b')).toEqual({ ok: true, kind: 'entry', level: 2, note: '被客户骂了 a=b' });
    expect(parseCheckIn('4')).toEqual({ ok: true, kind: 'entry', level: 4, note: '' });
    expect(parseCheckIn('5')).toMatchObject({ ok: false, problem: 'bad_level', word: '5' });
    expect(parseCheckIn('abc')).toMatchObject({ ok: false, problem: 'bad_level' });
    expect(parseCheckIn(`1 ${'字'.repeat(500)}`)).toMatchObject({ ok: true });
    expect(parseCheckIn(`1 ${'字'.repeat(501)}`)).toMatchObject({ ok: false, problem: 'note_too_long' });
  });

  it('only 1–4 is ever a level', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = parseCheckIn(s);
        if (r.ok && r.kind === 'entry') expect([1, 2, 3, 4]).toContain(r.level);
      }),
    );
  });

  it('prompt times: sorted, de-duplicated, off, and bad words named', () => {
    expect(parsePromptTimes('14:00,09:00，09:00')).toEqual({ ok: true, minutes: [540, 840] });
    expect(parsePromptTimes('off')).toEqual({ ok: true, minutes: [] });
    expect(parsePromptTimes('9点')).toEqual({ ok: false, word: '9点' });
    expect(parsePromptTimes('1:00,2:00,3:00,4:00,5:00,6:00,7:00')).toMatchObject({ ok: false });
  });

  it('the next prompt slot is the earliest of the times after now, in the team zone', () => {
    const zone = 'Asia/Shanghai';
    expect(nextPromptSlot([540, 840], now, zone)?.toISOString()).toBe('2026-11-23T06:00:00.000Z');
    expect(nextPromptSlot([540], now, zone)?.toISOString()).toBe('2026-11-24T01:00:00.000Z');
    expect(nextPromptSlot([], now, zone)).toBeUndefined();
  });

  it('level 1 repeats only after another level 1 within 24 hours', () => {
    const at = (h: number, level = 1) => ({ level, createdAt: new Date(now.getTime() - h * H) });
    expect(repeatsLevel1(1, [at(23)], now)).toBe(true);
    expect(repeatsLevel1(1, [at(25)], now)).toBe(false);
    expect(repeatsLevel1(1, [at(1, 2)], now)).toBe(false);
    expect(repeatsLevel1(2, [at(1)], now)).toBe(false);
  });

  it('cover: other agents, not at level 1–2 in the last 8 hours', () => {
    const agents = [1, 2, 3, 4].map((memberId) => ({ memberId, openId: `ou_${memberId}` }));
    const latest = new Map([
      [2, { level: 2, createdAt: new Date(now.getTime() - H) }],
      [3, { level: 1, createdAt: new Date(now.getTime() - 9 * H) }],
      [4, { level: 4, createdAt: new Date(now.getTime() - H) }],
    ]);
    expect(coverCandidates(agents, 1, latest, now).map((a) => a.memberId)).toEqual([3, 4]);
  });

  it('the aggregate exists only when at least 3 different people answered', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ memberId: fc.integer({ min: 1, max: 5 }), level: fc.integer({ min: 1, max: 4 }) })),
        (entries) => {
          const a = aggregate(entries);
          const people = new Set(entries.map((e) => e.memberId)).size;
          expect(a.enough).toBe(people >= MIN_SAMPLE);
          if (a.enough) expect(Object.values(a.counts).reduce((x, y) => x + y, 0)).toBe(entries.length);
        },
      ),
    );
    expect(
      aggregate([
        { memberId: 1, level: 1 },
        { memberId: 1, level: 1 },
        { memberId: 2, level: 2 },
      ]),
    ).toEqual({
      enough: false,
      people: 2,
    });
  });

  it('/mood team days: 7 by default, 1–90', () => {
    expect(parseDays(undefined)).toBe(7);
    expect(parseDays('30d')).toBe(30);
    expect(parseDays('14天')).toBe(14);
    expect(parseDays('0')).toBeUndefined();
    expect(parseDays('91d')).toBeUndefined();
    expect(parseDays('abc')).toBeUndefined();
  });
});

describe('mood stays out of /kpi, alerts, the data API and exports', () => {
  it('nothing but the mood feature, its command, its job and src/app.ts reads the mood tables or imports the feature', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { join, relative } = await import('node:path');
    const root = join(__dirname, '../..');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts')) files.push(p);
      }
    };
    for (const d of ['src', 'commands', 'jobs']) walk(join(root, d));
    const allowed =
      /^(src\/features\/mood\/|commands\/mood\.ts$|jobs\/mood-prune\.ts$|src\/app\.ts$|src\/db\/migrations\.generated\.ts$)/;
    const offenders = files
      .map((f) => relative(root, f))
      .filter((f) => !allowed.test(f))
      .filter((f) =>
        /features\/mood|mood_entries|mood_cares|moodEntries|moodCares/.test(readFileSync(join(root, f), 'utf8')),
      );
    expect(offenders).toEqual([]);
  });
});
