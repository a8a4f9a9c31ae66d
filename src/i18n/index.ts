import type { Locale } from '../config';

/** A text in both of the team's languages. Commands carry their own; shared ones live in messages.ts. */
export type Text = Record<Locale, string>;

export function t(locale: Locale, text: Text, params: Record<string, string | number> = {}): string {
  return text[locale].replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

export type Translate = (text: Text, params?: Record<string, string | number>) => string;

export const translator =
  (locale: Locale): Translate =>
  (text, params) =>
    t(locale, text, params);
