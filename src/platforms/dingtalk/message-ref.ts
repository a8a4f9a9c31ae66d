/**
 * DingTalk has no message id the APIs take back the way Feishu's do: a reply goes through the
 * inbound message's session webhook (or, once that expired, a send into its conversation), a robot
 * message is recalled by its processQueryKey *and* conversation, a card is updated by its outTrackId.
 * So the message ids floorwalker stores for DingTalk carry what the next call needs. Pure.
 *
 * - `in:<base64url json>`: a message a person sent (msgId, conversation, p2p or group, sender,
 *   session webhook and its expiry).
 * - `msg:<conversationId>:<processQueryKey>` / `oto:<userId>:<processQueryKey>`: a robot message.
 * - `card:<outTrackId>`: an interactive card (the callback names it by outTrackId alone).
 */
export interface InboundRef {
  kind: 'in';
  msgId: string;
  conversationId: string;
  p2p: boolean;
  senderStaffId: string;
  webhook?: string;
  /** ms */
  webhookExpiresAt?: number;
}

export type DingTalkRef =
  | InboundRef
  | { kind: 'msg'; conversationId: string; processQueryKey: string }
  | { kind: 'oto'; userId: string; processQueryKey: string }
  | { kind: 'card'; outTrackId: string };

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
const unb64 = (s: string) => Buffer.from(s, 'base64url').toString('utf8');

export function encodeRef(r: DingTalkRef): string {
  switch (r.kind) {
    case 'in':
      return `in:${b64(
        JSON.stringify({
          m: r.msgId,
          c: r.conversationId,
          p: r.p2p ? 1 : 0,
          s: r.senderStaffId,
          ...(r.webhook ? { w: r.webhook, e: r.webhookExpiresAt ?? 0 } : {}),
        }),
      )}`;
    case 'msg':
      return `msg:${r.conversationId}:${r.processQueryKey}`;
    case 'oto':
      return `oto:${r.userId}:${r.processQueryKey}`;
    case 'card':
      return `card:${r.outTrackId}`;
  }
}

/** Undefined for anything that is not one of ours. */
export function decodeRef(id: string): DingTalkRef | undefined {
  const at = id.indexOf(':');
  if (at < 0) return undefined;
  const kind = id.slice(0, at);
  const rest = id.slice(at + 1);
  if (kind === 'card') return rest ? { kind: 'card', outTrackId: rest } : undefined;
  if (kind === 'msg' || kind === 'oto') {
    // Conversation ids (cid…==) and staff ids hold no ':'; the key is what follows the last one.
    const cut = rest.lastIndexOf(':');
    if (cut <= 0) return undefined;
    const [who, key] = [rest.slice(0, cut), rest.slice(cut + 1)];
    if (!key) return undefined;
    return kind === 'msg'
      ? { kind, conversationId: who, processQueryKey: key }
      : { kind, userId: who, processQueryKey: key };
  }
  if (kind !== 'in') return undefined;
  try {
    const o = JSON.parse(unb64(rest)) as {
      m?: unknown;
      c?: unknown;
      p?: unknown;
      s?: unknown;
      w?: unknown;
      e?: unknown;
    };
    if (typeof o.m !== 'string' || typeof o.c !== 'string') return undefined;
    return {
      kind: 'in',
      msgId: o.m,
      conversationId: o.c,
      p2p: o.p === 1,
      senderStaffId: typeof o.s === 'string' ? o.s : '',
      ...(typeof o.w === 'string' ? { webhook: o.w, webhookExpiresAt: Number(o.e) || 0 } : {}),
    };
  } catch {
    return undefined;
  }
}
