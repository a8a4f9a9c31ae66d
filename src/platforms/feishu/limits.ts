/**
 * Feishu's limits (feishu.md), in the outbox's terms (core/platform.ts PlatformLimits).
 *
 * Feishu (and the emulator) count any 1-s window, not calendar seconds: 5 at 0.9 s and 5 at 1.0 s
 * are 10 in a tenth of a second. So every key is counted per quarter second, with a quarter's
 * budget chosen so that no 1-s window — which touches at most five quarters — holds more than
 * Feishu allows:
 * - a group, a user (p2p) or a message (card patches), 5 per second each: 1 per quarter — never
 *   more than 5 in a second, 4 per second sustained; the headroom also absorbs other bots in the
 *   group and network jitter.
 * - the app, 50 per second: 8 per quarter — never more than 48 in a second, even when calls reach
 *   Feishu up to a quarter second after their slot (APP_ARRIVAL_SLICES). Normal rows leave the
 *   quarter's last slot free and bulk rows its last two, so a phone escalation that turns up in
 *   the middle of a digest burst still goes out at once. While urgent rows are due, every other row
 *   leaves up to 5 of a quarter's 8 to them (as many as are due): 20/s for phone escalations even
 *   when a backlog of buzzes and card patches fills the app's budget (the escalation bench).
 * After a 230020 (one group over its limit) that group is closed for a whole window.
 *
 * On top of those slices, windows (RateWindow) that count what slices cannot:
 * - a group, 4 in any second (issue #10: below its 5/s, which other bots in the group share),
 *   whatever the call — a send, a reply, or a patch of one of its cards (each card has its own
 *   5/s besides, the lane's slice). The same for messages to one person. Buzzes are not paced per
 *   person: Feishu states no such limit (only ≤ 200 unread), and 30 escalations due at once to one
 *   on-duty supervisor must not take 15 s (perBuzzed stays unset).
 * - each API, 1,000 a minute (every Open API page states its own "1000 次/分钟、50 次/秒"): sending,
 *   replying, patching, card updates and each kind of buzz count separately. Their 50/s is within
 *   the app's 50/s above, which is stricter (it counts all APIs together).
 */
import type { CardLimits } from '../../cards/card';
import type { OutboxCall, PlatformLimits, RateWindow } from '../../port/platform';

export const FEISHU_PER_CHAT_PER_SECOND = 5;
export const FEISHU_PER_USER_PER_SECOND = 5;
export const FEISHU_PER_APP_PER_SECOND = 50;

const SLICE_MS = 250;
/** The slices one 1-s window can touch. */
const SLICES_PER_WINDOW = 1000 / SLICE_MS + 1;
/**
 * Feishu counts a call when it arrives, the outbox when it takes the slot; on a busy machine the
 * two are up to a few hundred ms apart, so calls of one more slice than a window touches can land
 * in Feishu's second. The app's budget counts that slice too: 8 a quarter (6 × 8 = 48 ≤ 50), so a
 * call may arrive up to a quarter second after its slot without a 429 — whose back-off (the whole
 * app paused for a second) was what made the escalation bench's tail (issue 18).
 */
const APP_ARRIVAL_SLICES = 1;

/** What floorwalker allows itself into one group or to one person per second: one less than Feishu's 5. */
export const PACED_PER_CHAT_PER_SECOND = 4;
export const FEISHU_PER_API_PER_MINUTE = 1000;

/** 100-ms cells: a 1-s window touches 11 of them, so 4 in any second still flows at ~3.6/s. */
const perSecond = (limit: number): RateWindow => ({ limit, windowMs: 1000, cellMs: 100 });
const perMinute: RateWindow = { limit: FEISHU_PER_API_PER_MINUTE, windowMs: 60_000, cellMs: 1000 };

/** The Open API each call uses (the emulator's names: method and path, ids left out). */
const FEISHU_APIS: Record<OutboxCall, string> = {
  send: 'POST /im/v1/messages',
  reply: 'POST /im/v1/messages/:id/reply',
  patch: 'PATCH /im/v1/messages/:id',
  urgent_app: 'PATCH /im/v1/messages/:id/urgent_app',
  urgent_sms: 'PATCH /im/v1/messages/:id/urgent_sms',
  urgent_phone: 'PATCH /im/v1/messages/:id/urgent_phone',
  card_update: 'POST /interactive/v1/card/update',
};

/** POST /im/v1/files: "文件大小不得超过 30 MB". */
export const FEISHU_MAX_FILE_BYTES = 30 * 1024 * 1024;

export const FEISHU_LIMITS: PlatformLimits = {
  windowMs: 1000,
  maxFileBytes: FEISHU_MAX_FILE_BYTES,
  sliceMs: SLICE_MS,
  appPerSlice: Math.floor(FEISHU_PER_APP_PER_SECOND / (SLICES_PER_WINDOW + APP_ARRIVAL_SLICES)),
  appReserve: { normal: 1, bulk: 2, urgent: 5 },
  lanePerSlice: Math.floor(Math.min(FEISHU_PER_CHAT_PER_SECOND, FEISHU_PER_USER_PER_SECOND) / SLICES_PER_WINDOW),
  lanePauseMs: 1000,
  perChat: perSecond(PACED_PER_CHAT_PER_SECOND),
  perUser: perSecond(Math.min(PACED_PER_CHAT_PER_SECOND, FEISHU_PER_USER_PER_SECOND - 1)),
  perApi: Object.fromEntries(
    Object.entries(FEISHU_APIS).map(([call, api]) => [call, { api, windows: [perMinute] }]),
  ) as PlatformLimits['perApi'],
};

/** A card's JSON at most 30 KB, at most 200 tagged elements under its body. */
export const FEISHU_CARD_LIMITS: CardLimits = { maxBytes: 30 * 1024, maxElements: 200 };

/** Unread buzzes one person may have (230023 beyond), and how long a message stays editable (230031). */
export const FEISHU_UNREAD_BUZZ_LIMIT = 200;
export const FEISHU_EDITABLE_DAYS = 14;
