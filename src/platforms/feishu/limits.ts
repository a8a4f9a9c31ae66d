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
 * - the app, 50 per second: 10 per quarter — never more than 50 in a second. Normal rows leave the
 *   quarter's last slot free and bulk rows its last two, so a phone escalation that turns up in
 *   the middle of a digest burst still goes out at once.
 * After a 230020 (one group over its limit) that group is closed for a whole window.
 */
import type { CardLimits } from '../../cards/card';
import type { PlatformLimits } from '../../port/platform';

export const FEISHU_PER_CHAT_PER_SECOND = 5;
export const FEISHU_PER_USER_PER_SECOND = 5;
export const FEISHU_PER_APP_PER_SECOND = 50;

const SLICE_MS = 250;
/** The slices one 1-s window can touch. */
const SLICES_PER_WINDOW = 1000 / SLICE_MS + 1;

export const FEISHU_LIMITS: PlatformLimits = {
  windowMs: 1000,
  sliceMs: SLICE_MS,
  appPerSlice: Math.floor(FEISHU_PER_APP_PER_SECOND / SLICES_PER_WINDOW),
  appReserve: { normal: 1, bulk: 2 },
  lanePerSlice: Math.floor(Math.min(FEISHU_PER_CHAT_PER_SECOND, FEISHU_PER_USER_PER_SECOND) / SLICES_PER_WINDOW),
  lanePauseMs: 1000,
};

/** A card's JSON at most 30 KB, at most 200 tagged elements under its body. */
export const FEISHU_CARD_LIMITS: CardLimits = { maxBytes: 30 * 1024, maxElements: 200 };

/** Unread buzzes one person may have (230023 beyond), and how long a message stays editable (230031). */
export const FEISHU_UNREAD_BUZZ_LIMIT = 200;
export const FEISHU_EDITABLE_DAYS = 14;
