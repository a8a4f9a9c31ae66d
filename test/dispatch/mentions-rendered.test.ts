/**
 * People as data all the way: commands and features write mention() tokens, and what reaches the
 * platform (here: what its emulator stores) is the platform's own way of naming people — Feishu:
 * `<at user_id=…>` in text messages, `<at id=…>` in cards; DingTalk: `@staffId` in the text with
 * the id in atUserIds (replies), atUserIds on card instances — with no token left raw anywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCard, PLATFORMS, startBot, textOf, type AnyBot } from '../helpers/bot';
import { mentions } from '../helpers/sent';

const TOKEN = /[\u27e6\u27e7]/;

describe.each(PLATFORMS)('mentions reach the platform in its own markup (%s)', (platform) => {
  let bot: AnyBot;
  beforeAll(async () => {
    bot = await startBot({ platform });
  });
  afterAll(() => bot.close());

  it('in a text reply, in a card, and nowhere as a raw token', async () => {
    const { supervisor, leader, agent, ops } = bot.users;
    await bot.say(supervisor, '@floorwalker /store add 天猫旗舰店');
    await bot.say(supervisor, '@floorwalker /role @运营小张 运营');

    const [list] = await bot.say(agent, '@floorwalker /role');
    expect(isCard(list)).toBe(true);
    if (bot.platform === 'feishu') expect(textOf(list)).toContain(`<at id=${ops.openId}></at>`);
    expect(mentions(bot, list!, ops.openId)).toBe(true);

    const [anomalyCard] = await bot.say(agent, '@floorwalker /anomaly 天猫旗舰店 价格标成 5 元');
    expect(isCard(anomalyCard)).toBe(true);
    if (bot.platform === 'feishu') {
      expect(anomalyCard!.content).toMatchObject({ schema: '2.0', config: { update_multi: true } });
      expect(textOf(anomalyCard)).toContain(`<at id=${ops.openId}></at> 请运营尽快处理`);
    } else {
      // The anomaly card writes the ops mention without a name; DingTalk shows only the name the
      // card writes, so the outbox fills it in from the team's members ("运营小张" from /role's
      // @-mention). atUserIds is what makes DingTalk notify the person.
      expect(textOf(anomalyCard)).toContain(`@${ops.name} 请运营尽快处理`);
      expect(textOf(anomalyCard)).not.toContain(`@${ops.openId}`);
      expect(mentions(bot, anomalyCard!, ops.openId)).toBe(true);
    }
    const id = /#(\d+)/.exec(textOf(anomalyCard))![1];

    await bot.say(ops, `@floorwalker /ack ${id}`);
    const [taken] = await bot.say(leader, `@floorwalker /ack ${id}`);
    expect(taken!.msgType).toBe('text');
    if (bot.platform === 'feishu')
      expect(textOf(taken)).toContain(`#${id} 已由 <at user_id="${ops.openId}"></at> 认领`);
    // A session-webhook reply: "@staffId" in the text, the id in at.atUserIds.
    else expect(textOf(taken)).toContain(`#${id} 已由 @${ops.openId} 认领`);
    expect(mentions(bot, taken!, ops.openId)).toBe(true);

    const sent = bot.emulator.messages().filter((m) => m.sender.type === 'bot');
    expect(sent.length).toBeGreaterThanOrEqual(4);
    for (const m of sent) expect(JSON.stringify(m.content)).not.toMatch(TOKEN);
  });
});
