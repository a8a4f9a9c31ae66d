import type { Card } from '../cards/card';
import type { MessageBody, OutgoingFile, PlatformApi, UrgentKind } from '../port/platform';
import type { OutboxRow } from './claim';

/** A row whose stored shape cannot be sent (written by hand, or by a bug): recorded, not retried. */
export class MalformedRow extends Error {}

export interface CallResult {
  messageId?: string;
  result?: Record<string, unknown>;
}

const str = (v: unknown, what: string): string => {
  if (typeof v !== 'string' || !v) throw new MalformedRow(`outbox row has no ${what}`);
  return v;
};

/** The stored card, as the platform renders it (rows from before cards were neutral hold the platform's own JSON). */
const cardOf = (row: OutboxRow): Card => {
  const card = row.payload.card;
  if (!card || typeof card !== 'object') throw new MalformedRow('outbox row has no card');
  return card as Card;
};

/**
 * The one platform call a row stands for. Sends and replies carry the row's uuid, so a resend after
 * a crash (the lease ran out mid-call) is de-duplicated by platforms that take one (Feishu: for an hour).
 */
export async function callPlatform(
  platform: PlatformApi,
  row: OutboxRow,
  messageId: string | undefined,
  /** The outbox's stored files (outbox/files.ts), for a send of msgType "file". */
  fileOf: (id: number) => Promise<OutgoingFile | undefined> = async () => undefined,
): Promise<CallResult> {
  const t = row.target;
  switch (row.kind) {
    case 'send': {
      const to = typeof t.chatId === 'string' ? { chatId: t.chatId } : { openId: str(t.openId, 'chatId or openId') };
      if (row.payload.msgType === 'file') {
        const id = (row.payload.content as { id?: unknown } | undefined)?.id;
        if (typeof id !== 'number') throw new MalformedRow('outbox row names no stored file');
        const file = await fileOf(id);
        if (!file) throw new MalformedRow(`the file to send (${id}) is no longer stored`);
        return { messageId: (await platform.sendFile(to, file, row.uuid)).messageId };
      }
      return { messageId: (await platform.send(to, row.payload as unknown as MessageBody, row.uuid)).messageId };
    }
    case 'reply':
      return {
        messageId: (
          await platform.reply(str(t.messageId, 'messageId'), row.payload as unknown as MessageBody, row.uuid)
        ).messageId,
      };
    case 'patch':
      await platform.patchCard(str(messageId, 'message id'), cardOf(row));
      return {};
    case 'urgent': {
      // Buzzes have no idempotency key: a buzz is recorded the moment it returns (no
      // other work in between), and no pass starts one near the end of its lease, so only a crash
      // in that instant can buzz twice.
      const openIds = row.payload.openIds;
      if (!Array.isArray(openIds) || !openIds.every((x) => typeof x === 'string'))
        throw new MalformedRow('outbox row has no openIds');
      const kind = row.payload.urgent as UrgentKind;
      if (kind !== 'app' && kind !== 'sms' && kind !== 'phone')
        throw new MalformedRow(`unknown urgent kind "${String(kind)}"`);
      const r = await platform.urgent(str(messageId, 'message id'), kind, openIds as string[]);
      return { result: { unknownPeople: r.invalidOpenIds } };
    }
    case 'card_update':
      await platform.updateCardByToken(str(t.token, 'token'), cardOf(row));
      return {};
    default:
      throw new MalformedRow(`unknown outbox kind "${String(row.kind)}"`);
  }
}
