import { expect } from 'vitest';
import type { ManualClock } from '../../src/clock';
import type { Deps } from '../../src/core/deps';
import { eventLanes } from '../../src/core/event-lanes';
import { INBOX_LEASE_MS } from '../../src/core/inbox';
import type { FeishuEmulator } from '../../src/emulator/feishu';
import { seedGroup } from './fake-feishu';
import { inboundMessage } from './inbound';

/**
 * `n` "/help" messages in a new group of the emulator that a flood left to the inbox (or a replica
 * that crashed before working on them): accepted by `accepting` — stored, leased — their work
 * never run, and the clock moved past the lease. Their inbox ids, in order.
 */
export async function leftToInbox(
  emulator: FeishuEmulator,
  accepting: Deps,
  clock: ManualClock,
  group: string,
  n: number,
): Promise<string[]> {
  const { chat, users } = seedGroup(emulator, { name: group, members: ['积压'] });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { message } = await emulator.emitMessage({
      chatId: chat.chatId,
      senderOpenId: users[0].openId,
      text: '/help',
    });
    const event = {
      ...inboundMessage(message.messageId, '/help', chat.chatId),
      tenantKey: emulator.tenantKey,
      sender: { openId: users[0].openId },
    };
    expect(await eventLanes(accepting).acceptor.accept(event, clock.now())).toBe(true);
    ids.push(event.id);
  }
  clock.advance(INBOX_LEASE_MS + 1); // the accepting work's lease has run out
  return ids;
}
