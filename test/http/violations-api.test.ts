import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../src/db/client';
import { startApiTeams, type ApiBot } from '../helpers/api-teams';
import { PLATFORMS, textOf } from '../helpers/bot';
import { buttonValue } from '../helpers/card-press';
import { sentCards } from '../helpers/sent';

describe.each(PLATFORMS)('POST /api/v1/violations (%s)', (platform) => {
  let bot: ApiBot;
  let token: string;
  let other: string;
  let teamId: number;
  let otherTeamId: number;

  const violation = (o: Record<string, unknown> = {}) => ({
    id: 'tm-0042',
    store: '天猫旗舰店',
    kind: '虚假发货',
    points: 2,
    description: '订单 123 超 48 小时未发货',
    occurred_at: '2026-12-01T10:30:00+08:00',
    ...o,
  });
  const post = (body: unknown, t = token) =>
    bot.app.request('/api/v1/violations', {
      method: 'POST',
      headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const rows = async (team: number) =>
    query<{ id: number; kind: string; severe: number }>(
      bot.deps.db,
      sql`select id, kind, severe from violations where team_id = ${team} order by id`,
    );
  const cards = () =>
    bot.emulator
      .messages(bot.chat.chatId)
      .filter((m) => m.sender.type === 'bot' && textOf(m).includes('违规'))
      .map(textOf);

  beforeAll(async () => {
    ({ bot, token, other, teamId, otherTeamId } = await startApiTeams(platform));
  });
  afterAll(() => bot.close());

  describe('POST /api/v1/violations', () => {
    it('records a violation and posts its card; the same id again acts once', async () => {
      const first = await post(violation());
      expect(first.status).toBe(200);
      const body = (await first.json()) as { ok: boolean; violation: number; created: boolean; severe: boolean };
      expect(body).toMatchObject({ ok: true, created: true, severe: false });
      await bot.settle();
      expect(cards()).toHaveLength(1);
      expect(cards()[0]).toContain('天猫旗舰店');

      const again = await post(violation({ description: 'changed' }));
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ ok: true, violation: body.violation, created: false, severe: false });
      await bot.settle();
      expect(cards()).toHaveLength(1);
      expect(await rows(teamId)).toHaveLength(1);
    });

    it('认领 on the card names who is on it: on DingTalk by name, filled in from the team’s members', async () => {
      const { ops } = bot.users;
      await bot.say(ops, '@floorwalker /help');
      const [card] = sentCards(bot, bot.chat.chatId, '虚假发货');
      if (bot.platform === 'dingtalk') {
        // The card the press answers with goes straight back to DingTalk, not through the outbox.
        const outTrackId = bot.emulator.message(card!.messageId)!.outTrackId!;
        const value = buttonValue(bot, card!, '认领');
        const pressed = await bot.emulator.clickButton({ outTrackId, operatorOpenId: ops.openId, value });
        expect(JSON.stringify(pressed.answer)).toContain(`处理人：@${ops.name}`);
        await bot.settle();
      } else await bot.press(card!, ops, '认领');
      const now = textOf(bot.emulator.message(card!.messageId));
      // The card the press answers with writes the claimer as a nameless mention.
      if (bot.platform === 'feishu') expect(now).toContain(`处理人：<at id=${ops.openId}></at>`);
      else expect(now).toContain(`处理人：@${ops.name}`);
      expect(now).not.toContain(`@${ops.openId}`);
    });

    it('answers 422 naming an unknown store, and for a bad body; nothing is stored', async () => {
      const before = (await rows(teamId)).length;
      const r = await post(violation({ id: 'x1', store: '拼多多店' }));
      expect(r.status).toBe(422);
      expect(((await r.json()) as { error: string }).error).toContain('拼多多店');
      expect((await post(violation({ id: 'x2', points: -1 }))).status).toBe(422);
      expect((await post(violation({ id: 'x3', occurred_at: 'yesterday' }))).status).toBe(422);
      expect((await rows(teamId)).length).toBe(before);
    });

    it('scopes ids and stores to the token’s team', async () => {
      // The same id under the other team's token is the other team's own violation.
      const r = await post(violation({ points: 8 }), other);
      expect(r.status).toBe(200);
      expect(await r.json()).toMatchObject({ created: true, severe: true });
      expect(await rows(otherTeamId)).toHaveLength(1);
      expect(await rows(teamId)).toHaveLength(1);
      // 京东自营店 is only the first team's.
      expect((await post(violation({ id: 'jd1', store: '京东自营店' }), other)).status).toBe(422);
      expect((await post(violation(), 'not-a-token')).status).toBe(401);
    });
  });
});
