/**
 * The chat platform as floorwalker needs it. The Feishu implementation (src/platforms/feishu/api.ts) talks to
 * real Feishu or to the local emulator through the SDK; nothing else knows which.
 */
export type MessageBody =
  | { msgType: 'text'; content: { text: string } }
  | { msgType: 'interactive'; content: Record<string, unknown> }
  | { msgType: 'post'; content: Record<string, unknown> };

export type UrgentKind = 'app' | 'sms' | 'phone';

export interface ChatInfo {
  name: string;
  ownerOpenId?: string;
}

export interface PlatformApi {
  botInfo(): Promise<{ openId: string; name: string }>;
  chatInfo(chatId: string): Promise<ChatInfo>;
  send(to: { chatId: string } | { openId: string }, body: MessageBody, uuid: string): Promise<{ messageId: string }>;
  reply(messageId: string, body: MessageBody, uuid: string): Promise<{ messageId: string }>;
  /** Replace a card the bot sent (PATCH /im/v1/messages/:id). */
  patchCard(messageId: string, card: Record<string, unknown>): Promise<void>;
  urgent(messageId: string, kind: UrgentKind, openIds: string[]): Promise<{ invalidOpenIds: string[] }>;
  /** Delayed update through a callback token (POST /interactive/v1/card/update). */
  updateCardByToken(token: string, card: Record<string, unknown>): Promise<void>;
}

/**
 * A failed platform call, classified. `code` is Feishu's business code when there was one,
 * `retryAfterMs` is set for rate limits (from x-ogw-ratelimit-reset).
 */
export class PlatformError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number,
    readonly code: number | undefined,
    readonly retryAfterMs?: number,
    readonly detail?: unknown,
  ) {
    super(message);
    this.name = 'PlatformError';
  }
}
