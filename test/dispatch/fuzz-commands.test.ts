import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { app } from '../../src/app';
import { query } from '../../src/db/client';
import { tokenize } from '../../src/core/command-args';
import { openWorld, type Person, type World } from '../helpers/anomaly-world';
import type { TestDatabase } from '../helpers/db';

/**
 * Any text, any mentions, any role, into the real dispatch: a reply or a quiet ignore, never an
 * exception, never a stack trace; and a refusal (unknown, bad arguments, not allowed) stores
 * nothing. Command and subcommand words come from the registry, so later commands are fuzzed too.
 */
const names = app.registry.allNames();
const subWords = [
  ...new Set(
    app.registry.commands.flatMap((c) => c.subcommands.flatMap((s) => (s.name ? [s.name, ...(s.aliases ?? [])] : []))),
  ),
];
const odd = [
  '',
  '0',
  '-1',
  '#1',
  '#999999999999',
  '1e309',
  'NaN',
  '2h',
  '99999d',
  '0m',
  'x=',
  '=1',
  'a=b=c',
  '<=25',
  '天猫旗舰店',
  '京东自营店',
  '"',
  "'",
  '\\',
  '%s',
  '${x}',
  '\u0000',
  '\u202e',
  '🙂',
  '@_user_1',
  '@_user_9',
  '／',
  'ＡＢＣ',
  'a'.repeat(600),
  '1'.repeat(40),
  '__proto__',
  'constructor',
  "'; drop table teams; --",
];
const word = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...subWords) },
  { weight: 3, arbitrary: fc.constantFrom(...odd) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12, unit: 'grapheme' }) },
  { weight: 1, arbitrary: fc.integer({ min: -5, max: 100_000 }).map(String) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('store', 'days', 'amount', 'agent', 'every', 'n'), fc.string({ maxLength: 6 }))
      .map(([k, v]) => `${k}=${v}`),
  },
);
const commandText = fc
  .tuple(
    fc.constantFrom('/', '／', '', '/ '),
    fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 8 })),
    fc.array(word, { maxLength: 6 }),
  )
  .map(([slash, name, words]) => `${slash}${name} ${words.join(' ')}`.trimEnd());

/** Tables whose rows a refusal may add: the event's own inbox row and its reply. */
const BOOKKEEPING = new Set([
  'inbound_events',
  'inbox',
  'outbox',
  'processed_events',
  'send_slots',
  'rate_slots',
  'members',
]);

describe('fuzzed commands: never an exception, refusals change nothing', () => {
  let db: TestDatabase;
  let w: World;
  let people: Person[];
  let tables: string[];
  beforeAll(async () => {
    ({ db, w } = await openWorld());
    people = Object.values(w.p);
    const rows = await query<{ table_name: string }>(
      db.db,
      sql`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`,
    );
    tables = rows.map((r) => r.table_name).filter((n) => !BOOKKEEPING.has(n) && !n.startsWith('__'));
  });
  afterAll(() => w.close());

  const counts = async () => {
    const parts = tables.map((n) => `select '${n}' as t, count(*)::int as n from "${n}"`).join(' union all ');
    const rows = await query<{ t: string; n: number }>(db.db, sql.raw(parts));
    return Object.fromEntries(rows.map((r) => [r.t, r.n]));
  };

  it('has the tables to watch', () => {
    expect(tables).toEqual(expect.arrayContaining(['teams', 'stores', 'anomalies', 'audit_log']));
  });

  it('any text × any mentions × any role', { timeout: 90_000 }, async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        commandText,
        fc.nat({ max: 5 }),
        fc.subarray([0, 1, 2, 3, 4, 5], { maxLength: 3 }),
        async (text, who, mentioned) => {
          const before = await counts();
          const texts = await w.say(
            people[who]!,
            text,
            mentioned.map((i) => people[i]!),
          );
          const outcome = w.lastOutcome ?? 'none';
          seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
          expect(outcome, text).not.toBe('error');
          const all = texts.join('\n');
          expect(all, text).not.toMatch(/\n\s+at \S+ \(|TypeError|ReferenceError|出了问题，已记录/);
          if (['forbidden', 'bad_args', 'unknown_command'].includes(outcome)) {
            expect(texts.length, text).toBeGreaterThan(0);
            expect(await counts(), text).toEqual(before);
          }
        },
      ),
      { numRuns: 150, seed: 18, endOnFailure: true },
    );
    // The fuzz reached past the parser, not only "unknown command".
    expect(seen.get('ok') ?? 0).toBeGreaterThan(5);
    expect(seen.get('bad_args') ?? 0).toBeGreaterThan(5);
  });

  it('the tokenizer takes any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: 'grapheme' }), (s) => {
        const words = tokenize(s);
        expect(Array.isArray(words)).toBe(true);
        for (const x of words) expect(typeof x).toBe('string');
      }),
      { numRuns: 500 },
    );
  });
});
