/**
 * The demo team is set up the way a real supervisor would do it: by typing commands in the group.
 * Each line goes out as a real, signed and encrypted message event and waits for the bot's reply,
 * so roles, stores and duty land in the bot's own tables through its own code — and the group's
 * history shows how it was done.
 */
import type { SeedLine } from '../core/feature';
import type { FeishuEmulator } from '../emulator/feishu';
import { BOT_NAME, DEMO_PEOPLE, sandboxIds, supervisorOf } from './team';

const bot = `@${BOT_NAME}`;

const ROLE_WORDS = { supervisor: '主管', leader: '组长', agent: '客服', ops: '运营' } as const;

/**
 * The supervisor first gives the demo people their roles (the group owner is a supervisor
 * already, new people are agents), then each feature's lines run in the order src/app.ts lists
 * the features. Every line is sent in the group with the bot's @mention in front.
 */
export function seedScript(featureLines: SeedLine[]): SeedLine[] {
  const boss = supervisorOf().name;
  const roles = DEMO_PEOPLE.filter((p) => p.role !== 'agent' && p.name !== boss).map((p) => ({
    as: boss,
    text: `/role @${p.name} ${ROLE_WORDS[p.role]}`,
  }));
  return [...roles, ...featureLines].map((l) => ({ as: l.as, text: `${bot} ${l.text}` }));
}

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
export async function seedDemoTeam(
  emulator: FeishuEmulator,
  script: SeedLine[],
  progress: (done: number, of: number) => void,
): Promise<string[]> {
  const problems: string[] = [];
  const chatId = sandboxIds.groupChatId;
  for (const [i, line] of script.entries()) {
    progress(i, script.length);
    const next = Date.now() + LINE_EVERY_MS;
    const r = await emulator.emitMessage({ chatId, senderOpenId: sandboxIds.person(line.as).openId, text: line.text });
    if (!r.delivered || r.status !== 200) {
      problems.push(`「${line.text}」：${r.reason ?? `机器人回答了 HTTP ${r.status}`}`);
      continue;
    }
    if (!(await replyTo(emulator, chatId, r.message.messageId)))
      problems.push(`「${line.text}」：${REPLY_WAIT_MS / 1000} 秒内没有回复`);
    await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
  }
  progress(script.length, script.length);
  return problems;
}
