import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { app } from '../../src/app';
import { issueToken } from '../../src/core/api-tokens';
import { createApp } from '../../src/http/app';
import { query } from '../../src/db/client';
import { createWorld, START, type World } from '../helpers/anomaly-world';
import { ManualClock } from '../../src/clock';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { startFakeFeishu, type FakeFeishu } from '../helpers/fake-feishu';

/**
 * Two teams on one bot and one database. Team A's people use every command that takes an id, every
 * card action of the registry and every data-API read with team B's ids: nothing of B changes, and
 * no text of B's (each carries the mark below) reaches A.
 */
const MARK = 'ZQX乙队';

describe('two teams: A given B’s ids finds nothing and changes nothing', () => {
  let db: TestDatabase;
  let feishu: FakeFeishu;
  let a: World;
  let b: World;
  const ids: Record<string, number> = {};
  let teamTables: string[];

  beforeAll(async () => {
    db = await openTestDatabase();
    const clock = new ManualClock(START);
    feishu = await startFakeFeishu({ clock });
    a = await createWorld(db, { clock, feishu });
    b = await createWorld(db, { clock, feishu });
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
    await a.close();
    await b.close();
    await feishu.close();
    await db.destroy();
  });

  /** Every row of B's in every table with a team_id, as text: what must not move. */
  const snapshotB = async () => {
    const out: Record<string, unknown> = {};
    for (const t of teamTables)
      out[t] = await query(db.db, sql.raw(`select * from "${t}" where team_id = ${b.teamId} order by 1`));
    return JSON.stringify(out);
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
      const actions = Object.keys(
        Object.fromEntries(app.registry.commands.flatMap((c) => Object.entries(c.actions ?? {}))),
      );
      const all = [
        ...new Set([...actions, ...(app.features.flatMap((f) => Object.keys(f.actions ?? {})) as string[])]),
      ];
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
      // And values an old or forged card might send: no ids, ids that are not numbers.
      for (const action of all)
        for (const value of [{ action }, { action, id: 'abc', followup: 'x', level: 'x', step: -1 }]) {
          await a.press(a.p.boss, value);
          expect(a.lastOutcome, `${action} ${JSON.stringify(value)}`).not.toBe('error');
        }
      expect(leaks).toEqual([]);
      expect(await snapshotB()).toBe(before);
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
    const posted = feishu.emulator
      .messages()
      .filter((m) => m.sender.type === 'bot' && groups.includes(m.chatId))
      .map((m) => JSON.stringify(m.content))
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
});
