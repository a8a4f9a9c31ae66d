/**
 * DingTalk's limits (dingtalk.md §3) in the outbox's terms (port/platform.ts PlatformLimits):
 * - 20 calls a second per app per API (403 QpsLimitForAppkeyAndApi beyond): each API gets a
 *   window of 18 in any second, a little below, for the token call and clock jitter.
 * - No app-wide limit is stated beyond the per-API one; the app budget is the sum a busy second
 *   could use (sends, cards, DINGs), paced like Feishu's in quarter seconds.
 * - Per robot per group nothing is documented for the app robot [u]; the webhook robot's is 20
 *   messages a minute, then a 10-minute block. floorwalker holds the app robot to the same 20 a
 *   minute of the messages it sends into a group on its own (robot messages and cards; replies go
 *   by the session webhook, which states no limit, and card updates are not messages), keeps
 *   Feishu's 4 calls a second into one group or person, and a `send.too.fast` (or a webhook's
 *   130101) closes that chat for a window.
 * - The standard edition's 10,000 calls a month per org is counted for /setup, not paced.
 */
import type { CardLimits } from '../../cards/card';
import type { OutboxCall, PlatformLimits, RateWindow } from '../../port/platform';

export const DINGTALK_PER_API_PER_SECOND = 20;
/** A robot's messages into one group per minute (the webhook robot's documented limit). */
export const DINGTALK_GROUP_MESSAGES_PER_MINUTE = 20;
/** The standard (free) edition's OpenAPI calls per org per month. */
export const DINGTALK_STANDARD_MONTHLY_CALLS = 10_000;

const SLICE_MS = 250;
const perSecond = (limit: number): RateWindow => ({ limit, windowMs: 1000, cellMs: 100 });

/** The API each outbox call uses (the emulator's names). Replies share the send APIs or the session webhook. */
const DINGTALK_APIS: Record<OutboxCall, string> = {
  send: 'POST /v1.0/robot/groupMessages/send',
  reply: 'POST /robot/sendBySession',
  patch: 'PUT /v1.0/card/instances',
  urgent_app: 'POST /v1.0/robot/ding/send',
  urgent_sms: 'POST /v1.0/robot/ding/send',
  urgent_phone: 'POST /v1.0/robot/ding/send',
  card_update: 'PUT /v1.0/card/instances',
};

export const DINGTALK_LIMITS: PlatformLimits = {
  windowMs: 1000,
  // The media upload's limit (api.ts DINGTALK_MAX_FILE_BYTES).
  maxFileBytes: 20 * 1024 * 1024,
  sliceMs: SLICE_MS,
  appPerSlice: 10,
  appReserve: { normal: 1, bulk: 2, urgent: 5 },
  lanePerSlice: 1,
  lanePauseMs: 1000,
  perChat: perSecond(4),
  // Cells of a second: a window ending now spans 61 of them, so no 60 s holds more than 20.
  perChatMessages: { limit: DINGTALK_GROUP_MESSAGES_PER_MINUTE, windowMs: 60_000, cellMs: 1000 },
  perUser: perSecond(4),
  perApi: Object.fromEntries(
    Object.entries(DINGTALK_APIS).map(([call, api]) => [
      call,
      { api, windows: [perSecond(DINGTALK_PER_API_PER_SECOND - 2)] },
    ]),
  ) as PlatformLimits['perApi'],
};

/** msgParam and a card's params: at most 15,000 bytes; DingTalk counts no elements. */
export const DINGTALK_CARD_LIMITS: CardLimits = { maxBytes: 15_000, maxElements: 1000 };
