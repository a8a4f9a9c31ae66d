/**
 * The demo tenant: one customer-service group and its people. Ids are derived from the names, so a
 * restart (or a lost sandbox.json) re-creates exactly the users and chats the bot's database knows.
 */
import { createHash } from 'node:crypto';
import type { Role } from '../db/schema';
import type { FeishuEmulator } from '../emulator/feishu';

export interface DemoPerson {
  name: string;
  /** The role the seeding script gives them (through /role, as the supervisor would). */
  role: Role;
  /** How the console introduces them. */
  title: string;
}

export const BOT_NAME = '现场管家';
export const GROUP_NAME = '客服一组';

export const DEMO_PEOPLE: DemoPerson[] = [
  { name: '王主管', role: 'supervisor', title: '客服主管 · 群主 · 主值班' },
  { name: '李组长', role: 'leader', title: '组长 · 备份值班' },
  { name: '小王', role: 'agent', title: '客服' },
  { name: '小陈', role: 'agent', title: '客服' },
  { name: '运营小张', role: 'ops', title: '运营' },
];

const digest = (what: string) => createHash('sha256').update(`floorwalker-sandbox/${what}`).digest('hex');

export const sandboxIds = {
  tenantKey: digest('tenant').slice(0, 16),
  botOpenId: `ou_${digest('bot').slice(0, 32)}`,
  groupChatId: `oc_${digest(`group/${GROUP_NAME}`).slice(0, 32)}`,
  person: (name: string) => ({
    openId: `ou_${digest(`user/${name}`).slice(0, 32)}`,
    unionId: `on_${digest(`union/${name}`).slice(0, 32)}`,
    userId: digest(`user-id/${name}`).slice(0, 8),
  }),
  p2pChatId: (name: string) => `oc_${digest(`p2p/${name}`).slice(0, 32)}`,
};

export const supervisorOf = (): DemoPerson => DEMO_PEOPLE.find((p) => p.role === 'supervisor')!;

/** Adds the demo people, the group (owner: the supervisor) and each person's private chat with the bot. */
export function populateTenant(emulator: FeishuEmulator): void {
  for (const p of DEMO_PEOPLE) emulator.addUser({ name: p.name, ...sandboxIds.person(p.name) });
  const openIds = DEMO_PEOPLE.map((p) => sandboxIds.person(p.name).openId);
  emulator.addChat({
    name: GROUP_NAME,
    chatId: sandboxIds.groupChatId,
    memberOpenIds: openIds,
    ownerOpenId: sandboxIds.person(supervisorOf().name).openId,
  });
  for (const p of DEMO_PEOPLE) {
    const { openId } = sandboxIds.person(p.name);
    emulator.addChat({
      name: p.name,
      type: 'p2p',
      chatId: sandboxIds.p2pChatId(p.name),
      memberOpenIds: [openId],
      ownerOpenId: openId,
    });
  }
}
