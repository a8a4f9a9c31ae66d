/**
 * The demo team is set up the way a real supervisor would do it: by typing commands in the group.
 * Each line goes out as a real, signed and encrypted message event and waits for the bot's reply,
 * so roles, stores and duty land in the bot's own tables through its own code — and the group's
 * history shows how it was done.
 */
import type { SeedLine } from '../core/feature';
import type { SandboxDriver, SandboxPlatform } from './driver';
import { BOT_NAME, DEMO_PEOPLE, supervisorOf } from './team';

const bot = `@${BOT_NAME}`;

const ROLE_WORDS = { supervisor: '主管', leader: '组长', agent: '客服', ops: '运营' } as const;

/**
 * The supervisor first gives the demo people their roles (on Feishu the group owner is a
 * supervisor already; DingTalk names no owner, so there the supervisor runs /setup first, which
 * makes the first caller in a new group its supervisor), new people are agents; then each
 * feature's lines run in the order src/app.ts lists the features. Every line is sent in the
 * group with the bot's @mention in front.
 */
export function seedScript(featureLines: SeedLine[], platform: SandboxPlatform = 'feishu'): SeedLine[] {
  const boss = supervisorOf().name;
  const claim = platform === 'dingtalk' ? [{ as: boss, text: '/setup' }] : [];
  const roles = DEMO_PEOPLE.filter((p) => p.role !== 'agent' && p.name !== boss).map((p) => ({
    as: boss,
    text: `/role @${p.name} ${ROLE_WORDS[p.role]}`,
  }));
  return [...claim, ...roles, ...featureLines].map((l) => ({ as: l.as, text: `${bot} ${l.text}` }));
}

const REPLY_WAIT_MS = 15_000;
/** A person types no faster than this; it also keeps the replies well inside the group's 5 QPS. */
const LINE_EVERY_MS = 250;

async function replyTo(driver: SandboxDriver, chatId: string, messageId: string): Promise<boolean> {
  const deadline = Date.now() + REPLY_WAIT_MS;
  while (Date.now() < deadline) {
    if (driver.answered(chatId, messageId)) return true;
    await new Promise((r) => setTimeout(r, 40));
  }
  return false;
}

/** Runs the script in order (one reply before the next line: the bot's team is created by the first). */
export async function seedDemoTeam(
  driver: SandboxDriver,
  script: SeedLine[],
  progress: (done: number, of: number) => void,
): Promise<string[]> {
  const problems: string[] = [];
  const chatId = driver.groupChatId;
  for (const [i, line] of script.entries()) {
    progress(i, script.length);
    const next = Date.now() + LINE_EVERY_MS;
    const r = await driver.send({ chatId, senderOpenId: driver.personId(line.as), text: line.text });
    if (!r.delivered || r.status !== 200) {
      problems.push(`「${line.text}」：${r.reason ?? `机器人回答了 HTTP ${r.status}`}`);
      continue;
    }
    if (!(await replyTo(driver, chatId, r.messageId)))
      problems.push(`「${line.text}」：${REPLY_WAIT_MS / 1000} 秒内没有回复`);
    await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
  }
  progress(script.length, script.length);
  return problems;
}
