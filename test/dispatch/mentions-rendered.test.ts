/**
 * People as data all the way: commands and features write mention() tokens, and what reaches
 * Feishu (here: what the emulator stores) is Feishu's own markup — `<at user_id=…>` in text
 * messages, `<at id=…>` in cards — with no token left raw anywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, textOf } from '../helpers/bot';

const TOKEN = /[\u27e6\u27e7]/;

describe('mentions reach Feishu as Feishu markup', () => {
  let bot: Awaited<ReturnType<typeof startBot>>;
  beforeAll(async () => {
    bot = await startBot();
  });
  afterAll(() => bot.close());

  it('in a text reply, in a card, and nowhere as a raw token', async () => {
    const { supervisor, leader, agent, ops } = bot.users;
    await bot.say(supervisor, '@floorwalker /store add 天猫旗舰店');
    await bot.say(supervisor, '@floorwalker /role @运营小张 运营');

    const [list] = await bot.say(agent, '@floorwalker /role');
    expect(list!.msgType).toBe('interactive');
    expect(textOf(list)).toContain(`<at id=${ops.openId}></at>`);

    const [anomalyCard] = await bot.say(agent, '@floorwalker /anomaly 天猫旗舰店 价格标成 5 元');
    expect(anomalyCard!.msgType).toBe('interactive');
    expect(anomalyCard!.content).toMatchObject({ schema: '2.0', config: { update_multi: true } });
    expect(textOf(anomalyCard)).toContain(`<at id=${ops.openId}></at> 请运营尽快处理`);
    const id = /#(\d+)/.exec(textOf(anomalyCard))![1];

    await bot.say(ops, `@floorwalker /ack ${id}`);
    const [taken] = await bot.say(leader, `@floorwalker /ack ${id}`);
    expect(taken!.msgType).toBe('text');
    expect(textOf(taken)).toContain(`#${id} 已由 <at user_id="${ops.openId}"></at> 认领`);

    const sent = bot.emulator.messages().filter((m) => m.sender.type === 'bot');
    expect(sent.length).toBeGreaterThanOrEqual(4);
    for (const m of sent) expect(JSON.stringify(m.content)).not.toMatch(TOKEN);
  });
});
