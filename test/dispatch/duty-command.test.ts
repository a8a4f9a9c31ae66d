import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { query } from '../../src/db/client';
import type { TestDatabase } from '../helpers/db';
import { MIN, openWorld, type World } from '../helpers/anomaly-world';
import { PLATFORMS } from '../helpers/bot';

const HOUR = 60 * MIN;

describe.each(PLATFORMS)('/duty (值班) (%s)', (platform) => {
  let db: TestDatabase;
  let w: World;
  beforeAll(async () => ({ db, w } = await openWorld(platform)));
  afterAll(() => w.close());
  beforeEach(async () => {
    await db.db.execute(sql`delete from duty_shifts`);
  });
  const shifts = () =>
    query<{ kind: string; primary_open_id: string; backup_open_id: string | null }>(
      db.db,
      sql`select kind, primary_open_id, backup_open_id from duty_shifts where removed_at is null and (kind <> 'standing' or ends_at is null) order by id`,
    );

  it('says nobody is on duty, and warns about the gap, before anything is set', async () => {
    const [answer] = await w.say(w.p.agent, '/值班');
    expect(answer).toContain('现在没有人值班');
    expect(answer).toContain('无人值班');
    expect(w.groupMessages().at(-1)!.color).toBe('red');
  });

  it('/duty set puts a primary and a backup on duty from now until changed', async () => {
    const { p } = w;
    expect(await w.say(p.leader, '/duty set @王主管 @赵主管', [p.boss, p.boss2])).toEqual([
      '已设置：从现在起由 王主管（备份 赵主管）值班，直到更改。',
    ]);
    const [now] = await w.say(p.agent, '/duty');
    expect(now).toContain('**现在值班**：王主管（备份 赵主管）');
    expect(now).toContain('未来 24 小时都有人值班');
    await w.say(p.leader, '/duty set @李组长', [p.leader]);
    expect(await shifts()).toEqual([
      expect.objectContaining({ primary_open_id: p.leader.openId, backup_open_id: null }),
    ]);
  });

  it('adds shifts crossing midnight, shows the next change in the team time zone, and warns about gaps', async () => {
    const { p } = w;
    expect(await w.say(p.leader, '/duty add @王主管 09:00 18:00 每天 备份 @赵主管', [p.boss, p.boss2])).toEqual([
      expect.stringMatching(/^已添加 #\d+ 每天 09:00–18:00 王主管（备份 赵主管）$/),
    ]);
    const [, night] = [0, await w.say(p.leader, '/duty add @李组长 18:00 02:00 工作日', [p.leader])];
    expect(night![0]).toMatch(/工作日 18:00–次日 02:00 李组长（无备份）/);
    const [now] = await w.say(p.agent, '/duty');
    // 10:02 in Shanghai (02:02 UTC): the day shift, changing at 18:00 local.
    expect(now).toContain('王主管（备份 赵主管）');
    expect(now).toContain('**下次换班**：18:00 → 李组长（无备份）');
    expect(now).toContain('⚠️ 明天 02:00–明天 09:00 无人值班');
    const [list] = await w.say(p.agent, '/duty list');
    expect(list).toContain('18:00 – 明天 02:00　李组长（无备份）');
    expect(list).toContain('⚠️ 无人值班');
  });

  it('lets a one-off shift beat the rota for its window', async () => {
    const { p } = w;
    await w.say(p.leader, '/duty add @王主管 09:00 18:00 每天', [p.boss]);
    const [added] = await w.say(p.leader, '/duty add @小李 12:00 13:00 明天', [p.agent2]);
    expect(added).toContain('临时替班');
    const [list] = await w.say(p.agent, '/duty list');
    expect(list).toContain('明天 12:00 – 明天 13:00　小李（无备份）');
    expect(list).toContain('明天 13:00 – 明天 18:00　王主管（无备份）');
  });

  it('warns about someone on duty the bot cannot buzz', async () => {
    const { p } = w;
    await w.say(p.leader, '/duty set @小李', [p.agent2]);
    await db.db.execute(sql`update members set unreachable_since = now() where open_id = ${p.agent2.openId}`);
    const [answer] = await w.say(p.agent, '/duty');
    expect(answer).toContain('值班的 小李 无法加急');
    await db.db.execute(sql`update members set unreachable_since = null`);
  });

  it('keeps the roster to supervisors and leaders', async () => {
    const [answer] = await w.say(w.p.agent, '/duty set @小李', [w.p.agent2]);
    expect(answer).toContain('需要主管或组长');
    expect(await shifts()).toEqual([]);
  });

  it.each([
    ['/duty add @小李 25:00 09:00', '时间写成 09:00'],
    ['/duty add @小李 09:00', '缺少时间'],
    ['/duty add @小李 09:00 18:00 有时候', '看不懂「有时候」'],
    ['/duty add @小李 09:00 18:00 每天 2026-12-01', '重复的排班不需要日期'],
    ['/duty add 09:00 18:00', '请先 @ 值班的人'],
    ['/duty add @小李 09:00 18:00 备份', '「备份」后面要 @ 一个人'],
    ['/duty set', '请 @ 主值班'],
    ['/duty remove abc', '编号是数字'],
  ])('refuses %s clearly and changes nothing', async (command, problem) => {
    const mentions = command.includes('@小李') ? [w.p.agent2] : [];
    const [answer] = await w.say(w.p.leader, command, mentions);
    expect(answer).toContain('参数不对');
    expect(answer).toContain(problem);
    expect(answer).toContain('用法：/duty');
    expect(await shifts()).toEqual([]);
  });

  it('clears a hand-set duty and removes shifts by number', async () => {
    const { p } = w;
    await w.say(p.leader, '/duty set @小李', [p.agent2]);
    expect(await w.say(p.leader, '/duty clear')).toEqual(['已取消手动指定，恢复按排班值班。']);
    const [answer] = await w.say(p.leader, '/duty add @王主管 09:00 18:00 每天', [p.boss]);
    const id = /#(\d+)/.exec(answer!)![1];
    expect(await w.say(p.leader, `/duty remove ${id}`)).toEqual([`已删除 #${id}。`]);
    expect(await w.say(p.leader, '/duty remove 99999')).toEqual(['没有找到排班 #99999。/duty list 可以看到编号。']);
    void HOUR;
  });
});
