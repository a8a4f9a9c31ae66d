/**
 * The numbers a card's button sends back (a row's id, a step, a level, a tier). The bot wrote them
 * as numbers and a platform hands them back as JSON, so a number (or a string of digits) is all an
 * honest card sends. Anything else comes from an old or forged card: missing, "abc", 1.5, -1, a number
 * past 2^53, or another JSON type — `Number()` would read "abc" as NaN (which Postgres refuses: a 500
 * and a failed toast) and `true` or `[7]` as a real row's number. Reading those as undefined lets
 * each handler answer its own "gone" or "not found" in Chinese and touch nothing.
 */
export interface CardNumberRange {
  /** Default 1: ids and ordinals start there. */
  min?: number;
  /** Default Number.MAX_SAFE_INTEGER (every bigserial id the bot hands out). */
  max?: number;
}

export function cardNumber(
  value: Record<string, unknown>,
  key: string,
  { min = 1, max = Number.MAX_SAFE_INTEGER }: CardNumberRange = {},
): number | undefined {
  const v = value[key];
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,16}$/.test(v.trim()) ? Number(v) : NaN;
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : undefined;
}

/** A row's id from a card (`value.id` unless named): a positive whole number, or undefined. */
export const cardId = (value: Record<string, unknown>, key = 'id'): number | undefined => cardNumber(value, key);
