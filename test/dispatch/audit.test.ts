import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../src/db/client';
import { openWorld, type Person, type World } from '../helpers/anomaly-world';
import { PLATFORMS } from '../helpers/bot';
import type { TestDatabase } from '../helpers/db';

/** The audit log: privileged changes written with the change, listed privately by /audit. */
describe.each(PLATFORMS)(
  '/audit: who changed roles, targets, silences, policies, approvals, tokens and limits (%s)',
  (platform) => {
    let db: TestDatabase;
    let w: World;
    beforeAll(async () => {
      ({ db, w } = await openWorld(platform));
    });
    afterAll(() => w.close());

    const dmTexts = (p: Person) => w.privateTexts(p);
    const entries = async () =>
      query<{ action: string; actor: string; summary: string }>(
        db.db,
        sql`select action, actor, summary from audit_log where team_id = ${w.teamId} order by id`,
      );

    it('each privileged change is written once, with who; refusals and no-ops write nothing', async () => {
      await w.say(w.p.boss, '/role @小李 组长', [w.p.agent2]);
      await w.say(w.p.boss, '/role @小李 组长', [w.p.agent2]); // already so
      await w.say(w.p.agent, '/role @小王 主管', [w.p.agent]); // refused
      await w.say(w.p.boss, '/target first_response_s <=25');
      const [silenced] = await w.say(w.p.leader, '/silence 天猫旗舰店 2h 店铺装修');
      const id = /#?(\d+)/.exec(silenced!)![1];
      await w.say(w.p.leader, `/silence end ${id}`);
      await w.say(w.p.boss, '/policy anomaly 3m');
      await w.say(w.p.boss, '/setup token');
      await w.say(w.p.boss, '/complaint limits agent=15');
      await w.say(w.p.agent, '/complaint new 天猫旗舰店 4012345678901234567 要求全额退款 amount=150');
      const cid = (await query<{ id: number }>(db.db, sql`select id from complaints order by id desc limit 1`))[0]!.id;
      await w.say(w.p.boss, `/complaint ${cid} approve risk`);
      await w.say(w.p.boss, `/complaint ${cid} approve risk`); // double: once

      const list = await entries();
      expect(list.map((x) => x.action)).toEqual([
        'role',
        'target',
        'silence',
        'silence',
        'policy',
        'token',
        'limits',
        'approval',
      ]);
      expect(list[0]).toMatchObject({ actor: w.p.boss.openId, summary: expect.stringContaining('小李') });
      expect(list[2]!.actor).toBe(w.p.leader.openId);
      expect(list[7]!.summary).toContain(`#${cid}`);
      // The token itself is never in the log.
      expect(list[5]!.summary).toMatch(/fw_.{4}…/);
      expect(JSON.stringify(list)).not.toMatch(/fw_[A-Za-z0-9_-]{20,}/);
    });

    it('/audit goes to the supervisor privately; others are refused; a bad period says how to write it', async () => {
      const before = dmTexts(w.p.boss).length;
      expect(await w.say(w.p.boss, '/audit')).toEqual(['已私信你审计记录。']);
      const dm = dmTexts(w.p.boss).slice(before).join('\n');
      for (const s of [
        '权限变更（8 条）',
        '[角色]',
        '[目标]',
        '[静默]',
        '[升级策略]',
        '[令牌]',
        '[权限额度]',
        '[审批]',
      ])
        expect(dm).toContain(s);
      const [refused] = await w.say(w.p.agent, '/audit');
      expect(refused).toContain('主管');
      expect(dmTexts(w.p.agent).join()).not.toContain('权限变更');
      const [bad] = await w.say(w.p.boss, '/audit 400d');
      expect(bad).toContain('7d 或 30d');
    });
  },
);
