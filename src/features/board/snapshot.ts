/**
 * The board's data: every registered section's panel for one team, in order, as one JSON document
 * the page draws. Sections load side by side; one that fails shows as a note and the rest still
 * show (the screen on the wall never goes blank because of one feature).
 */
import type { BoardBlock, BoardPanel } from '../../core/board';
import type { Deps } from '../../core/deps';
import { localeOf, type Team } from '../../core/teams';
import { t } from '../../i18n';
import { BX } from './texts';

export interface BoardSnapshot {
  team: { id: number; name: string };
  /** The bot's clock (the sandbox's may run ahead): the page counts down against it. */
  now: string;
  locale: string;
  panels: (BoardPanel & { key: string })[];
}

type ChartBlock = Extract<BoardBlock, { type: 'chart' }>;

/**
 * Chart blocks of one id are one chart: the first keeps its place and takes the others' series;
 * a panel left with nothing else is dropped (a section that only adds a line to another's chart).
 */
export function mergeCharts(panels: (BoardPanel & { key: string })[]): (BoardPanel & { key: string })[] {
  const first = new Map<string, ChartBlock>();
  const out: (BoardPanel & { key: string })[] = [];
  for (const p of panels) {
    const blocks: BoardBlock[] = [];
    for (const b of p.blocks) {
      if (b.type !== 'chart') {
        blocks.push(b);
        continue;
      }
      const owner = first.get(b.id);
      if (!owner) {
        const copy: ChartBlock = { ...b, series: [...b.series] };
        first.set(b.id, copy);
        blocks.push(copy);
        continue;
      }
      // The owner's categories are the axis: a series is aligned to it by category name.
      for (const s of b.series)
        owner.series.push({
          ...s,
          values: owner.categories.map((c) => {
            const i = b.categories.indexOf(c);
            return i < 0 ? null : (s.values[i] ?? null);
          }),
        });
    }
    if (blocks.length) out.push({ ...p, blocks });
  }
  return out;
}

export async function boardSnapshot(deps: Deps, team: Team, now: Date): Promise<BoardSnapshot> {
  const L = localeOf(deps.config, team);
  const loaded = await Promise.all(
    deps.app.board.map(async (s) => {
      try {
        const panel = await s.load(deps, team, now, L);
        return panel ? { key: s.key, ...panel } : undefined;
      } catch (err) {
        deps.log.warn('board section failed', {
          section: s.key,
          team: team.id,
          error: err instanceof Error ? err.message : String(err),
        });
        return {
          key: s.key,
          title: s.key,
          tone: 'grey' as const,
          blocks: [{ type: 'note' as const, text: t(L, BX.sectionFailed) }],
        };
      }
    }),
  );
  return {
    team: { id: team.id, name: team.name || team.chatId },
    now: now.toISOString(),
    locale: L,
    panels: mergeCharts(loaded.filter((p): p is NonNullable<typeof p> => p !== undefined)),
  };
}
