/**
 * kill -9 of a replica (issue #18, "Faults"): three replicas, each a real child process with its
 * own Postgres pool and Feishu client (test/helpers/replica-child.ts), share an outbox of cards,
 * their card updates and buzzes, and timers that each post a message. Feishu answers every call
 * 400 ms late, so a replica always has calls in flight; one replica is killed with SIGKILL while it
 * holds claimed rows. Nothing is posted twice (the uuid), nor buzzed or updated twice except a call
 * the dead replica had in flight (Feishu has no idempotency key for those), every timer runs once,
 * and the dead replica's rows are finished by the others within the outbox lease (60 s) of the kill.
 *
 * A Postgres test (three processes on one database): skipped on PGlite runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { card } from '../../src/cards/card';
import { scheduleTimer } from '../../src/core/timers';
import { query } from '../../src/db/client';
import { enqueue } from '../../src/outbox/enqueue';
import { throwawayPostgres, usingPostgres, type TestDatabase } from '../helpers/db';
import { seedChats, startFakeFeishu, type FakeFeishu } from '../helpers/fake-feishu';
import { waitFor } from '../helpers/wait';

const CHILD = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../helpers/replica-child.ts');
const CARDS = 24;
const TIMERS = 24;
const LEASE_MS = 60_000;
const DELAY_MS = 400;
const CHATS = ['oc_crash_0', 'oc_crash_1', 'oc_crash_2', 'oc_crash_3'];

interface Replica {
  child: ChildProcess;
  output: () => string;
  exited: Promise<unknown>;
}

function startReplica(env: Record<string, string>): Replica {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out, exited: new Promise((r) => child.once('close', r)) };
}

describe.skipIf(!usingPostgres())('kill -9 of a replica mid-outbox and mid-timer', () => {
  let database: TestDatabase & { url: string };
  let feishu: FakeFeishu;
  const replicas: Replica[] = [];
  beforeAll(async () => {
    [database, feishu] = await Promise.all([throwawayPostgres(process.env.TEST_DATABASE_URL!), startFakeFeishu()]);
    await database.db.execute(sql`create table crash_probe_runs (ref text not null)`);
  });
  afterAll(async () => {
    for (const r of replicas) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
    await Promise.all(replicas.map((r) => r.exited));
    await feishu?.close();
    await database?.destroy();
  });

  it('no doubled post, buzz or card update; the dead replica’s work is done within the lease', async () => {
    const { emulator } = feishu;
    const member = seedChats(emulator, CHATS);
    const now = new Date();
    for (let i = 0; i < CARDS; i++) {
      const ref = `crash:${i}`;
      const chatId = CHATS[i % CHATS.length]!;
      const body = { msgType: 'interactive' as const, content: card({ title: `卡片 ${i}`, elements: [] }) };
      await enqueue(database.db, now, { teamId: null, kind: 'send', to: { chatId }, body, ref });
      await enqueue(database.db, now, {
        teamId: null,
        kind: 'patch',
        message: { ref },
        card: card({ title: `卡片 ${i} 已更新`, elements: [] }),
      });
      await enqueue(database.db, now, {
        teamId: null,
        kind: 'urgent',
        message: { ref },
        urgent: 'app',
        openIds: [member.openId],
      });
    }
    for (let i = 0; i < TIMERS; i++)
      await scheduleTimer(
        database.db,
        {
          teamId: null,
          kind: 'crashProbe.post',
          ref: `timer:${i}`,
          dueAt: new Date(now.getTime() + 500 + i * 100),
          payload: { chatId: CHATS[i % CHATS.length] },
        },
        now,
      );
    // Every call is in flight for 400 ms, so the killed replica certainly dies mid-call. Buzzes and
    // card patches carry no idempotency key: note when each arrives, to know which were in flight.
    const arrived = { buzz: [] as number[], patch: [] as number[] };
    const note = (list: number[]) => () => (list.push(Date.now()), true);
    emulator.failNext({ path: /\/urgent_/, times: Infinity, delayMs: DELAY_MS, when: note(arrived.buzz) });
    emulator.failNext({
      method: 'PATCH',
      path: '/open-apis/im/',
      times: Infinity,
      delayMs: DELAY_MS,
      when: note(arrived.patch),
    });
    emulator.failNext({ path: '/open-apis/im/', times: Infinity, delayMs: DELAY_MS });

    const env = {
      DATABASE_URL: database.url,
      FEISHU_DOMAIN: feishu.url,
      FEISHU_APP_ID: emulator.app.appId,
      FEISHU_APP_SECRET: emulator.app.appSecret,
    };
    for (let i = 0; i < 3; i++) replicas.push(startReplica({ ...env, RUNNER: `replica-${i}` }));
    const detail = () => replicas.map((r, i) => `replica-${i}:\n${r.output()}`).join('\n');
    await waitFor('the replicas to start', () => replicas.every((r) => /ready/.test(r.output())), {
      timeoutMs: 60_000,
      intervalMs: 100,
      detail,
    });

    // The victim: replica-0, once it holds outbox rows and some of Feishu's calls have been made.
    await waitFor(
      'replica-0 to hold rows mid-call',
      async () => {
        const [held] = await query<{ n: number }>(
          database.db,
          sql`select count(*)::int as n from outbox
              where status = 'pending' and claimed_by like 'replica-0/%' and claimed_until > now() + interval '30 seconds'`,
        );
        return held!.n > 0 && emulator.calls().length > 4;
      },
      { timeoutMs: 60_000, intervalMs: 20, detail },
    );
    replicas[0]!.child.kill('SIGKILL');
    const killedAt = Date.now();
    /** Calls of this kind that had reached Feishu and not yet been answered when the replica died. */
    const inFlightAtKill = (list: number[]) => list.filter((t) => t > killedAt - DELAY_MS - 50 && t <= killedAt).length;
    await replicas[0]!.exited;
    const [orphans] = await query<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from outbox where status = 'pending' and claimed_by like 'replica-0/%' and claimed_until > now()`,
    );

    await waitFor(
      'every row and timer finished',
      async () => {
        const [left] = await query<{ rows: number; timers: number }>(
          database.db,
          sql`select (select count(*)::int from outbox where status = 'pending') as rows,
                     (select count(*)::int from timers where kind = 'crashProbe.post' and done_at is null) as timers`,
        );
        return left!.rows === 0 && left!.timers === 0;
      },
      { timeoutMs: LEASE_MS + 60_000, intervalMs: 250, detail },
    );
    const doneWithin = Date.now() - killedAt;
    await new Promise((r) => setTimeout(r, 1_500)); // anything doubled would show up now

    expect(orphans!.n).toBeGreaterThan(0); // the kill did leave work behind
    expect(doneWithin).toBeLessThanOrEqual(LEASE_MS + 15_000);
    const rows = await query<{ kind: string; status: string; n: number }>(
      database.db,
      sql`select kind, status, count(*)::int as n from outbox group by 1, 2 order by 1, 2`,
    );
    expect(rows).toEqual([
      { kind: 'patch', status: 'sent', n: CARDS },
      { kind: 'send', status: 'sent', n: CARDS + TIMERS },
      { kind: 'urgent', status: 'sent', n: CARDS },
    ]);

    // Posts: each card and each timer's message once in its group.
    const posted = emulator.messages().filter((m) => m.sender.type === 'bot');
    const titles = posted.map((m) => (m.content as { text?: string }).text ?? JSON.stringify(m.content));
    expect(posted).toHaveLength(CARDS + TIMERS);
    expect(new Set(titles).size).toBe(CARDS + TIMERS);
    // Card updates and buzzes have no idempotency key on Feishu: one each per card, except that a
    // call the dead replica had in flight (Feishu acted on it, nobody heard the answer) may be
    // made again by the replica that takes its row over — at most one per call in flight.
    const patches = emulator.calls({ method: 'PATCH' }).filter((c) => c.status === 200 && !c.path.includes('urgent'));
    const perCard = new Map<string, number>();
    for (const p of patches) perCard.set(p.path, (perCard.get(p.path) ?? 0) + 1);
    expect(perCard.size).toBe(CARDS);
    expect(patches.length - CARDS).toBeLessThanOrEqual(inFlightAtKill(arrived.patch));
    for (const m of posted.filter((p) => p.msgType === 'interactive'))
      expect(JSON.stringify(m.content)).toContain('已更新');
    const buzzes = emulator.urgentCalls().filter((c) => c.result === 'ok');
    expect(new Set(buzzes.map((b) => b.messageId)).size).toBe(CARDS);
    expect(buzzes.length - CARDS).toBeLessThanOrEqual(inFlightAtKill(arrived.buzz));
    console.log(
      `kill -9: ${orphans!.n} rows left leased; done ${doneWithin} ms after the kill; in flight at the kill: ` +
        `${inFlightAtKill(arrived.buzz)} buzzes, ${inFlightAtKill(arrived.patch)} patches; repeated: ` +
        `${buzzes.length - CARDS} buzzes, ${patches.length - CARDS} patches`,
    );
    // Timers: each ran once (a run rolled back with its connection does not count).
    const runs = await query<{ ref: string; n: number }>(
      database.db,
      sql`select ref, count(*)::int as n from crash_probe_runs group by ref`,
    );
    expect(runs).toHaveLength(TIMERS);
    expect(runs.filter((r) => r.n !== 1)).toEqual([]);
  }, 240_000);
});
