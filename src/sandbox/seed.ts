/**
 * The demo team is set up the way a real supervisor would do it: by typing commands in the group.
 * Each line goes out as a real, signed and encrypted message event and waits for the bot's reply,
 * so roles, stores and duty land in the bot's own tables through its own code — and the group's
 * history shows how it was done.
 */
import type { FeishuEmulator } from '../emulator';
import { BOT_NAME, DEMO_STORES, sandboxIds } from './team';

export interface SeedLine {
  as: string;
  text: string;
}

const bot = `@${BOT_NAME}`;

export const SEED_SCRIPT: SeedLine[] = [
  { as: '王主管', text: `${bot} /role @李组长 组长` },
  { as: '王主管', text: `${bot} /role @运营小张 运营` },
  ...DEMO_STORES.map(([name, platform]) => ({ as: '王主管', text: `${bot} /store add ${name} ${platform}` })),
  { as: '王主管', text: `${bot} /duty set @王主管 @李组长` },
  { as: '小王', text: `${bot} /duty` },
  { as: '小陈', text: `${bot} /store list` },
];

const REPLY_WAIT_MS = 15_000;
/** A person types no faster than this; it also keeps the replies well inside the group's 5 QPS. */
const LINE_EVERY_MS = 250;

async function replyTo(emulator: FeishuEmulator, chatId: string, messageId: string): Promise<boolean> {
  const deadline = Date.now() + REPLY_WAIT_MS;
  while (Date.now() < deadline) {
    if (emulator.messages(chatId).some((m) => m.sender.type === 'bot' && m.parentId === messageId)) return true;
    await new Promise((r) => setTimeout(r, 40));
  }
  return false;
}

/** Runs the script in order (one reply before the next line: the bot's team is created by the first). */
export async function seedDemoTeam(emulator: FeishuEmulator, progress: (done: number, of: number) => void): Promise<string[]> {
  const problems: string[] = [];
  const chatId = sandboxIds.groupChatId;
  for (const [i, line] of SEED_SCRIPT.entries()) {
    progress(i, SEED_SCRIPT.length);
    const next = Date.now() + LINE_EVERY_MS;
    const r = await emulator.emitMessage({ chatId, senderOpenId: sandboxIds.person(line.as).openId, text: line.text });
    if (!r.delivered || r.status !== 200) {
      problems.push(`「${line.text}」：${r.reason ?? `机器人回答了 HTTP ${r.status}`}`);
      continue;
    }
    if (!(await replyTo(emulator, chatId, r.message.messageId))) problems.push(`「${line.text}」：${REPLY_WAIT_MS / 1000} 秒内没有回复`);
    await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
  }
  progress(SEED_SCRIPT.length, SEED_SCRIPT.length);
  return problems;
}
