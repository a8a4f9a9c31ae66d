import type { Clock } from '../../src/clock';
import type { Card } from '../../src/cards/card';
import type { MessageBody, PlatformApi, UrgentKind } from '../../src/core/platform';
import { feishuTraits } from '../../src/platforms/feishu/traits';

export interface RecordedCall {
  /** The clock's time when the call was made. */
  at: number;
  method: 'send' | 'reply' | 'patchCard' | 'urgent' | 'updateCardByToken';
  to?: { chatId: string } | { openId: string };
  messageId?: string;
  body?: MessageBody;
  card?: Card;
  uuid?: string;
  kind?: UrgentKind;
  openIds?: string[];
  token?: string;
}

/**
 * A PlatformApi that records calls in memory, for database tests that care about what the outbox
 * asked for and when. `before` may throw (a PlatformError) or return a promise to hold a call.
 * Sends with a uuid it saw already answer with the first message id, as Feishu does.
 */
export function recordingPlatform(clock: Clock, before?: (call: RecordedCall) => unknown) {
  const calls: RecordedCall[] = [];
  const byUuid = new Map<string, string>();
  let n = 0;
  const record = async (call: Omit<RecordedCall, 'at'>) => {
    const c = { at: clock.now().getTime(), ...call } as RecordedCall;
    calls.push(c);
    await before?.(c);
  };
  const messageFor = (uuid: string) => {
    const id = byUuid.get(uuid) ?? `om_${++n}`;
    byUuid.set(uuid, id);
    return { messageId: id };
  };
  const platform: PlatformApi = {
    // Limits, card measure and words as Feishu states them: the outbox counts by these.
    ...feishuTraits,
    botInfo: async () => ({ openId: 'ou_bot', name: 'floorwalker' }),
    chatInfo: async () => ({ name: 'chat' }),
    async send(to, body, uuid) {
      await record({ method: 'send', to, body, uuid });
      return messageFor(uuid);
    },
    async reply(messageId, body, uuid) {
      await record({ method: 'reply', messageId, body, uuid });
      return messageFor(uuid);
    },
    async patchCard(messageId, card) {
      await record({ method: 'patchCard', messageId, card });
    },
    async urgent(messageId, kind, openIds) {
      await record({ method: 'urgent', messageId, kind, openIds });
      return { invalidOpenIds: openIds.filter((id) => id.startsWith('ou_gone')) };
    },
    async updateCardByToken(token, card) {
      await record({ method: 'updateCardByToken', token, card });
    },
  };
  return { platform, calls };
}

/** The most calls any window of `windowMs` saw (calls sorted by time). */
export function maxInWindow(times: number[], windowMs = 1000): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i]! - t[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}
