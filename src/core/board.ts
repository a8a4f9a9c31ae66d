/**
 * What a feature shows on the team's floor board (现场大屏): a panel of plain data, drawn by the
 * board feature's page. Features contribute through defineFeature({ board }); core imports no
 * feature and the board knows no feature: the page draws these few block shapes and nothing else.
 * Everything in a panel is already in the team's language (the section is given the locale).
 */
import type { Locale } from '../config';
import type { Deps } from './deps';
import type { Team } from './teams';

/** red: act now; amber: watch it; green: fine; grey: nothing to say. */
export type BoardTone = 'red' | 'amber' | 'green' | 'grey';

export interface BoardRow {
  title: string;
  detail?: string;
  tone?: BoardTone;
  /** A moment the page counts down to, live (ISO), with what happens then ("电话"). */
  countdown?: { to: string; label: string };
  /** Steps done of all, drawn as a bar. */
  progress?: { done: number; total: number };
}

export type BoardBlock =
  | { type: 'rows'; rows: BoardRow[]; more?: number }
  | { type: 'tiles'; tiles: { label: string; value?: string; tone: BoardTone; detail?: string }[] }
  | { type: 'stats'; stats: { label: string; value: string; tone?: BoardTone }[] }
  | { type: 'progress'; done: number; total: number; label: string; tone?: BoardTone }
  | {
      /**
       * A chart the page draws with VChart. Blocks of one `id` from different sections are drawn
       * as one chart: the first section's axes, every section's series (the forecast adds its
       * line to the KPI section's hourly volume this way, without either importing the other).
       */
      type: 'chart';
      id: string;
      categories: string[];
      series: { name: string; kind: 'bar' | 'line'; values: (number | null)[] }[];
    }
  | { type: 'note'; text: string; tone?: BoardTone };

export interface BoardPanel {
  title: string;
  /** The worst state in the panel: its header's colour. */
  tone?: BoardTone;
  blocks: BoardBlock[];
  /** A wide panel spans two columns on the big screen. */
  wide?: boolean;
}

export interface BoardSection {
  /** Stable key, unique across features: "anomaly". */
  key: string;
  /** Panels are placed in ascending order; ties by registration order. */
  order?: number;
  /**
   * The panel for `team` now, or undefined when there is nothing to show (a section that only adds
   * series to another's chart returns a panel of just that chart block). Read-only; only `team`'s rows.
   */
  load(deps: Deps, team: Team, now: Date, locale: Locale): Promise<BoardPanel | undefined>;
}

/** A person on the board: the name we know, else the end of their id (never mention markup). */
export const personName = (names: ReadonlyMap<string, string>, openId: string): string =>
  names.get(openId) || `…${openId.slice(-4)}`;

/** Rows past `max` are counted, not shown: the wall has room for so many. */
export function rowsBlock(rows: BoardRow[], max: number): BoardBlock {
  return { type: 'rows', rows: rows.slice(0, max), ...(rows.length > max ? { more: rows.length - max } : {}) };
}
