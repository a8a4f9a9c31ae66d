import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createApp } from '../../src/http/app';
import type { BoardSnapshot } from '../../src/features/board/snapshot';
import { mergeCharts } from '../../src/features/board/snapshot';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { createWorld, memberRow, type Person, type World } from '../helpers/anomaly-world';
import { PLATFORMS } from '../helpers/bot';

/** /board through handleEvent and each platform's emulator; the board's routes through the bot's own Hono app. Two teams on one database. */
describe.each(PLATFORMS)('/board: a private, signed, revocable link to one team’s live board (%s)', (platform) => {
  let db: TestDatabase;
  let w: World;
  let w2: World;
  let app: Hono;
  beforeAll(async () => {
    db = await openTestDatabase();
    w = await createWorld(db, { platform });
    w2 = await createWorld(db, { alongside: w });
    app = createApp(w.deps);
  });
  afterAll(async () => {
    await w2.close();
    await w.close();
    await db.destroy();
  });

  const dmTexts = (p: Person) => w.privateTexts(p);
  /** The link in the newest private message to `p`. */
  const lastLink = (p: Person) => {
    const m = /\/board\/(\d+)\?t=([A-Za-z0-9_-]{32})/.exec(dmTexts(p).at(-1) ?? '');
    return m ? { team: Number(m[1]), token: m[2]! } : undefined;
  };
  const data = async (team: number, token?: string) => {
    const r = await app.request(`/board/${team}/data${token === undefined ? '' : `?t=${token}`}`);
    return { status: r.status, body: (r.status === 200 ? await r.json() : undefined) as BoardSnapshot | undefined };
  };

  it('/board sends the supervisor the link privately; the group only hears that it was sent', async () => {
    const before = dmTexts(w.p.boss).length;
    const inGroup = await w.say(w.p.boss, '/board');
    expect(inGroup).toEqual([expect.stringContaining('已私信你现场大屏的链接')]);
    expect(dmTexts(w.p.boss)).toHaveLength(before + 1);
    const link = lastLink(w.p.boss)!;
    expect(link.team).toBe(w.teamId);
    expect(w.groupTexts().some((x) => x.includes(link.token))).toBe(false);

    const page = await app.request(`/board/${w.teamId}?t=${link.token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    expect(html).toContain('现场大屏');
    expect(html).toContain('/board-assets/vchart.js');
    const { status, body } = await data(w.teamId, link.token);
    expect(status).toBe(200);
    expect(body!.team.id).toBe(w.teamId);
    expect(body!.panels.map((p) => p.key)).toEqual(
      expect.arrayContaining(['duty', 'anomaly', 'incident', 'alert', 'inspection', 'complaint', 'kpi']),
    );
    // The same key gives the same link: asking again does not break the screen on the wall.
    await w.say(w.p.boss, '/board');
    expect(lastLink(w.p.boss)!.token).toBe(link.token);
  });

  it('refuses a missing, wrong or other team’s token, and non-supervisors', async () => {
    const own = lastLink(w.p.boss)!;
    await w2.say(w2.p.boss, '/board');
    const other = lastLink(w2.p.boss)!;
    expect(other.team).toBe(w2.teamId);
    const page = await app.request(`/board/${w.teamId}`);
    expect(page.status).toBe(401);
    expect(await page.text()).toContain('这个链接无效或已失效');
    expect((await data(w.teamId)).status).toBe(401);
    expect((await data(w.teamId, 'x'.repeat(32))).status).toBe(401);
    expect((await data(w.teamId, other.token)).status).toBe(401);
    expect((await data(w2.teamId, own.token)).status).toBe(401);
    expect((await app.request(`/board/abc/data?t=${own.token}`)).status).toBe(401);
    expect((await app.request(`/board/${w.teamId}/events?t=${other.token}`)).status).toBe(401);

    for (const who of [w.p.agent, w.p.leader, w.p.ops]) {
      const before = dmTexts(who).length;
      const out = await w.say(who, '/board');
      expect(out.join()).toContain('主管');
      expect(out.join()).not.toMatch(/\/board\/\d+\?t=/);
      expect(dmTexts(who)).toHaveLength(before);
    }
  });

  it('/board rotate revokes every earlier link, the open event stream included', async () => {
    const old = lastLink(w.p.boss)!;
    const stream = await app.request(`/board/${w.teamId}/events?t=${old.token}`);
    expect(stream.status).toBe(200);
    const read = eventReader(stream);
    expect((await read.next('board')).team.id).toBe(w.teamId);

    await w.say(w.p.boss, '/board rotate');
    expect(dmTexts(w.p.boss).at(-1)).toContain('旧的大屏链接');
    const fresh = lastLink(w.p.boss)!;
    expect(fresh.token).not.toBe(old.token);
    expect((await data(w.teamId, old.token)).status).toBe(401);
    expect((await data(w.teamId, fresh.token)).status).toBe(200);
    await read.next('revoked');
    read.close();
  });

  it('shows only its own team: an anomaly of the other team never reaches it, and its own arrives live', async () => {
    const own = lastLink(w.p.boss)!;
    const stream = await app.request(`/board/${w.teamId}/events?t=${own.token}`);
    const read = eventReader(stream);
    await read.next('board');

    await w2.say(w2.p.agent, '/anomaly 天猫旗舰店 第二组的优惠券叠加变成 1 元');
    const other = (await data(w2.teamId, lastLink(w2.p.boss)!.token)).body!;
    expect(JSON.stringify(other.panels)).toContain('第二组的优惠券叠加变成 1 元');
    expect(JSON.stringify((await data(w.teamId, own.token)).body!.panels)).not.toContain('第二组');

    const t0 = Date.now();
    await w.say(w.p.agent, '/anomaly 天猫旗舰店 优惠券叠加后价格变成 9.9');
    let snap: BoardSnapshot;
    do snap = await read.next('board');
    while (!JSON.stringify(snap.panels).includes('9.9'));
    expect(Date.now() - t0).toBeLessThan(2_000);
    const anomaly = snap.panels.find((p) => p.key === 'anomaly')!;
    expect(anomaly.tone).toBe('red');
    const row = anomaly.blocks[0]!.type === 'rows' ? anomaly.blocks[0]!.rows[0]! : undefined;
    expect(row?.title).toContain('天猫旗舰店');
    // The countdown is to the phone call of the primary on duty, five minutes after the report.
    expect(row?.countdown?.label).toContain('电话');
    expect(new Date(row!.countdown!.to).getTime() - w.clock.now().getTime()).toBeGreaterThan(4 * 60_000);
    expect(JSON.stringify(snap.panels)).not.toContain('第二组');
    read.close();
  });

  it('shows the team’s mood only once three people answered today, and never who', async () => {
    const token = lastLink(w.p.boss)!.token;
    const add = async (p: Person, level: number) => {
      const m = (await memberRow(w.deps, w.teamId, p.openId))!;
      await db.db.execute(
        sql`insert into mood_entries (team_id, member_id, level, note, source, created_at)
            values (${w.teamId}, ${m.id}, ${level}, '不想让大屏看到的话', ${`test:${p.openId}:${level}`}, ${w.clock.now().toISOString()}::timestamptz)`,
      );
    };
    await add(w.p.agent, 2);
    await add(w.p.agent2, 3);
    await add(w.p.agent2, 4);
    expect((await data(w.teamId, token)).body!.panels.some((p) => p.key === 'mood')).toBe(false);
    await add(w.p.leader, 4);
    const panels = (await data(w.teamId, token)).body!.panels;
    const mood = panels.find((p) => p.key === 'mood')!;
    expect(mood).toBeDefined();
    const text = JSON.stringify(mood);
    expect(text).toContain('3.3');
    for (const p of [w.p.agent, w.p.agent2, w.p.leader]) expect(text).not.toContain(p.name);
    expect(JSON.stringify(panels)).not.toContain('不想让大屏看到的话');
  });

  it('draws chart blocks of one id as one chart: a forecast’s line joins the volume bars', () => {
    const merged = mergeCharts([
      {
        key: 'kpi',
        title: 'k',
        blocks: [
          {
            type: 'chart',
            id: 'c',
            categories: ['9:00', '10:00'],
            series: [{ name: 'v', kind: 'bar', values: [1, 2] }],
          },
        ],
      },
      {
        key: 'forecast',
        title: 'f',
        blocks: [{ type: 'chart', id: 'c', categories: ['10:00'], series: [{ name: 'f', kind: 'line', values: [5] }] }],
      },
    ]);
    expect(merged.map((p) => p.key)).toEqual(['kpi']);
    const chart = merged[0]!.blocks[0]!;
    expect(chart.type === 'chart' && chart.series.map((s) => s.values)).toEqual([
      [1, 2],
      [null, 5],
    ]);
  });
});

/** Reads server-sent events off a streamed response, one named event at a time. */
function eventReader(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next(name: string, timeoutMs = 5_000): Promise<BoardSnapshot> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const chunk = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.*)$/m.exec(chunk)?.[1];
          const data = /^data: (.*)$/m.exec(chunk)?.[1];
          if (event === name) return JSON.parse(data ?? '{}') as BoardSnapshot;
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no "${name}" event in ${timeoutMs} ms`);
        const r = await Promise.race([
          reader.read(),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no "${name}" event`)), left)),
        ]);
        if (r.done) throw new Error(`the stream ended before "${name}"`);
        buffer += decoder.decode(r.value, { stream: true });
      }
    },
    close: () => void reader.cancel().catch(() => {}),
  };
}
