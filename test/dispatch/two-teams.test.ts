import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { app } from '../../src/app';
import { issueToken } from '../../src/core/api-tokens';
import { createApp } from '../../src/http/app';
import { query } from '../../src/db/client';
import { createWorld, type World } from '../helpers/anomaly-world';
import { PLATFORMS } from '../helpers/bot';
import { openTestDatabase, type TestDatabase } from '../helpers/db';

/**
 * Two teams on one bot and one database. Team A's people use every command that takes an id, every
 * card action of the registry and every data-API read with team B's ids: nothing of B changes, and
 * no text of B's (each carries the mark below) reaches A.
 */
const MARK = 'ZQX乙队';

/**
 * What an old or forged card may send where the bot wrote a number: nothing, words, a fraction, a
 * negative, numbers no id column holds (bigint, int4), other JSON types ("" and null read as 0 alike, an
 * object as NaN like "abc"). A platform's JSON has no NaN.
 */
const FORGED: unknown[] = [undefined, 'abc', '', -1, 1.5, 1e20, 2 ** 31, true, [7]];
/** Fewer for the presses that start from a real button (they each reach a row). */
const REAL_FORGED: unknown[] = ['abc', 2 ** 31, true, [7]];
const FAILED = '操作失败，请稍后再试。';

describe.each(PLATFORMS)('two teams: A given B’s ids finds nothing and changes nothing (%s)', (platform) => {
  let db: TestDatabase;
  let a: World;
  let b: World;
  const ids: Record<string, number> = {};
  let teamTables: string[];

  beforeAll(async () => {
    db = await openTestDatabase();
    // One bot, one emulator (one tenant), two groups: B shares A's clock and platform.
    a = await createWorld(db, { platform });
    b = await createWorld(db, { alongside: a });
    await b.say(b.p.agent, `/anomaly 天猫旗舰店 ${MARK}异常 价格变成 9.9`);
    await b.say(b.p.leader, `/incident 断电断网 ${MARK}事故 三楼断网 sev=1`);
    await b.say(b.p.agent, `/complaint new 天猫旗舰店 4012345678901234567 ${MARK}投诉 要求全额退款 amount=150`);
    await b.say(b.p.leader, `/silence 天猫旗舰店 2h ${MARK}静默`);
    await b.say(b.p.leader, `/script add ${MARK}话术 亲，${MARK}专属话术内容`);
    await b.say(b.p.leader, `/duty add @李组长 21:00 09:00 每天`, [b.p.leader]);
    const idOf = async (table: string) =>
      (
        await query<{ id: number }>(
          db.db,
          sql.raw(`select max(id)::int as id from ${table} where team_id = ${b.teamId}`),
        )
      )[0]!.id;
    for (const t of ['anomalies', 'incidents', 'complaints', 'alert_silences', 'scripts', 'duty_shifts'])
      ids[t] = await idOf(t);
    teamTables = (
      await query<{ table_name: string }>(
        db.db,
        sql`select table_name from information_schema.columns where column_name = 'team_id' and table_schema = current_schema()`,
      )
    )
      .map((r) => r.table_name)
      .filter((n) => !['outbox', 'inbound_events', 'rate_slots', 'job_runs'].includes(n));
  });
  afterAll(async () => {
    await b.close();
    await a.close();
    await db.destroy();
  });

  /** Every row of a team's in every table with a team_id: what must not move. */
  const snapshotOf = async (teamId: number) => {
    const out: Record<string, unknown[]> = {};
    for (const t of teamTables)
      out[t] = await query(db.db, sql.raw(`select * from "${t}" where team_id = ${teamId} order by 1`));
    // A press counts as the presser speaking (members.updated_at): bookkeeping, not a change a card made.
    for (const m of out.members as Record<string, unknown>[]) delete m.updated_at;
    return out;
  };
  /** The rows that moved between two snapshots of the same teams, by table: what a forged press changed. */
  const changedRows = (before: Record<string, unknown[]>[], after: Record<string, unknown[]>[]) =>
    before.flatMap((snap, i) =>
      Object.keys(snap).flatMap((t) => {
        const was = new Set(snap[t]!.map((r) => JSON.stringify(r)));
        return after[i]![t]!.map((r) => JSON.stringify(r))
          .filter((r) => !was.has(r))
          .map((r) => `${t}: ${r}`);
      }),
    );
  const snapshotB = async () => JSON.stringify(await snapshotOf(b.teamId));

  /** Every card action of the app: the commands' and the features'. */
  const registeredActions = () => [
    ...new Set([
      ...app.registry.commands.flatMap((c) => Object.keys(c.actions ?? {})),
      ...app.features.flatMap((f) => Object.keys(f.actions ?? {})),
    ]),
  ];

  /** Every button value of the cards the bot queued for a team (the platform-neutral card, in the outbox). */
  const cardValues = async (teamId: number) => {
    const values = new Map<string, Record<string, unknown>>();
    const walk = (x: unknown): void => {
      if (Array.isArray(x)) return x.forEach(walk);
      if (!x || typeof x !== 'object') return;
      const o = x as Record<string, unknown>;
      const v = o.value as Record<string, unknown> | undefined;
      if (v && typeof v === 'object' && typeof v.action === 'string') values.set(JSON.stringify(v), v);
      Object.values(o).forEach(walk);
    };
    for (const r of await query<{ payload: unknown }>(db.db, sql`select payload from outbox where team_id = ${teamId}`))
      walk(r.payload);
    return [...values.values()];
  };

  /** What a press must never give: an error outcome, the generic failure, a toast not in Chinese. */
  const badAnswer = async (value: Record<string, unknown>, w: World = a): Promise<string | undefined> => {
    const answer = await w.press(w.p.boss, value);
    const said = answer?.toast?.content ?? '';
    if (w.lastOutcome === 'error' || said === FAILED || (said && !/\p{Script=Han}/u.test(said)))
      return `${JSON.stringify(value)}: ${w.lastOutcome} ${said}`;
    return undefined;
  };

  it('B’s data exists (so the checks below can fail)', async () => {
    for (const [t, id] of Object.entries(ids)) expect(id, t).toBeGreaterThan(0);
    expect(b.groupTexts().join('\n')).toContain(MARK);
  });

  it('A’s commands with B’s ids answer "not found" and change nothing of B', { timeout: 60_000 }, async () => {
    const before = await snapshotB();
    const { anomalies: an, incidents: inc, complaints: co, alert_silences: si, scripts: sc, duty_shifts: du } = ids;
    const commands = [
      `/ack ${an}`,
      `/resolve ${an} 已处理`,
      `/silence end ${si}`,
      `/incident ${inc}`,
      `/incident ${inc} close 已恢复`,
      `/incident followup ${inc} done`,
      `/complaint ${co}`,
      `/complaint ${co} approve risk`,
      `/complaint ${co} resp logistics 快递延误`,
      `/script edit ${sc} 改掉`,
      `/script remove ${sc}`,
      `/script link 异常·价格 ${sc}`,
      `/duty remove ${du}`,
    ];
    const leaks: string[] = [];
    const unclear: string[] = [];
    for (const c of commands) {
      const texts = await a.say(a.p.boss, c);
      const all = texts.join('\n');
      expect(a.lastOutcome, c).not.toBe('error');
      if (all.includes(MARK)) leaks.push(c);
      if (!/本组没有|没有生效中的|没有编号为|不存在|找不到|没有找到|未找到/.test(all))
        unclear.push(`${c} → ${all.slice(0, 100)}`);
    }
    expect(leaks).toEqual([]);
    expect(unclear).toEqual([]);
    expect(await snapshotB()).toBe(before);
  });

  it(
    'every card action of the registry, pressed in A with B’s ids, changes nothing of B',
    { timeout: 60_000 },
    async () => {
      const before = await snapshotB();
      const all = registeredActions();
      expect(all.length).toBeGreaterThan(20);
      const leaks: string[] = [];
      // Each action gets the id of B's row of its own feature (anomaly.* an anomaly's …).
      const byPrefix: Record<string, number> = {
        anomaly: ids.anomalies!,
        incident: ids.incidents!,
        complaint: ids.complaints!,
        script: ids.scripts!,
        alert: ids.alert_silences!,
      };
      for (const action of all) {
        const id = byPrefix[action.split('.')[0]!] ?? ids.anomalies!;
        const value = {
          action,
          id,
          anomalyId: id,
          incidentId: id,
          complaintId: id,
          scriptId: id,
          followup: id,
          level: 2,
        };
        const answer = await a.press(a.p.boss, value);
        expect(a.lastOutcome, action).not.toBe('error');
        if (JSON.stringify(answer ?? {}).includes(MARK)) leaks.push(`${action} #${id}`);
      }
      expect(leaks).toEqual([]);
      expect(await snapshotB()).toBe(before);
    },
  );

  it(
    'every card action of the registry, pressed with forged values, answers in Chinese and stores nothing',
    { timeout: 60_000 },
    async () => {
      const before = [await snapshotOf(a.teamId), await snapshotOf(b.teamId)];
      // Every key any card of either team carries, and those of the cards this file does not make.
      const keys = new Set([
        'id',
        'team',
        'n',
        'step',
        'level',
        'sev',
        'tier',
        'followup',
        'groupId',
        'seq',
        'storeId',
      ]);
      for (const v of [...(await cardValues(a.teamId)), ...(await cardValues(b.teamId))])
        for (const k of Object.keys(v)) if (k !== 'action') keys.add(k);
      const problems: string[] = [];
      for (const action of registeredActions())
        for (const forged of FORGED) {
          // Every key gets the forged value at once: whatever the handler reads is forged.
          const value =
            forged === undefined ? { action } : { ...Object.fromEntries([...keys].map((k) => [k, forged])), action };
          const bad = await badAnswer(value);
          if (bad) problems.push(bad);
        }
      expect(problems).toEqual([]);
      expect(changedRows(before, [await snapshotOf(a.teamId), await snapshotOf(b.teamId)])).toEqual([]);
    },
  );

  it('A’s data-API token reads nothing of B', async () => {
    const http = createApp(a.deps);
    const { token } = await issueToken(a.deps.db, a.teamId, a.p.boss.openId, a.deps.clock.now());
    const doc = (await (await http.request('/api/v1/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const reads = Object.entries(doc.paths).filter(([, ops]) => 'get' in ops);
    const leaks: string[] = [];
    for (const [path] of reads) {
      for (const id of Object.values(ids)) {
        const res = await http.request(path.replace(/\{[^}]+\}/g, String(id)), {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(res.status, path).toBeLessThan(500);
        if ((await res.text()).includes(MARK)) leaks.push(`${path} ${id}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('nothing B typed ever shows in A’s group', () => {
    expect(a.groupTexts().join('\n')).not.toContain(MARK);
  });

  it('mood privacy: notes typed to /mood (even in the group) reach no group message of any feature', async () => {
    const notes = ['被客户骂哭了QQ7', '想辞职了QQ8'];
    await b.say(b.p.agent, `/mood 1 ${notes[0]}`);
    await b.say(b.p.agent2, `/mood 2 ${notes[1]}`);
    // What posts to the group afterwards: the team view, the digest, lists, and hours of timers.
    for (const c of ['/mood team 7d', '/digest', '/digest week', '/anomaly list', '/incident list', '/complaint list'])
      await b.say(b.p.boss, c);
    for (let h = 0; h < 3; h++) await b.advance(60 * 60_000);
    const groups = [a.chat.chatId, b.chat.chatId];
    // Both teams' groups on the one emulator: every bot message, as text and as the platform's content.
    const posted = a
      .emulatorMessages()
      .filter((m) => m.sender.type === 'bot' && groups.includes(m.chatId))
      .map((m) => `${m.text}\n${JSON.stringify(m.content)}`)
      .join('\n');
    expect(posted).toContain(MARK); // the scan sees B's group
    for (const n of notes) expect(posted).not.toContain(n);
    // …and the notes were stored, so there was something to leak.
    const stored = await query<{ n: number }>(
      db.db,
      sql`select count(*)::int as n from mood_entries where team_id = ${b.teamId}`,
    );
    expect(stored[0]!.n).toBeGreaterThanOrEqual(2);
  });

  it(
    'B’s own cards, each number or word in a button forged in turn, never fail (and answer in Chinese)',
    { timeout: 60_000 },
    async () => {
      // Real ids with one forged part reach further: past the row's lookup, to what the handler stores.
      // One button of each action (the help card alone has one per command).
      const values = [...new Map((await cardValues(b.teamId)).map((v) => [v.action, v])).values()];
      expect(values.length).toBeGreaterThan(10);
      const problems: string[] = [];
      for (const real of values)
        for (const key of Object.keys(real).filter((k) => k !== 'action'))
          for (const forged of REAL_FORGED) {
            const bad = await badAnswer({ ...real, [key]: forged }, b);
            if (bad) problems.push(bad);
          }
      expect(problems).toEqual([]);
    },
  );
});
