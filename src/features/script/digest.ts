/** The weekly report's review list: shared scripts unused or unchanged for 90 days. */
import { markdown } from '../../cards/card';
import type { DigestSection } from '../../core/feature';
import { localeOf } from '../../core/teams';
import { t } from '../../i18n';
import { visibleScripts } from './repo';
import { staleScripts } from './stale';
import { SX, TIER_NAMES } from './texts';

const SHOWN = 10;

export const scriptDigest: DigestSection = {
  key: 'script',
  title: SX.digestTitle,
  order: 60,
  kinds: ['weekly'],
  async build(deps, team, period) {
    const L = localeOf(deps.config, team);
    // Personal scripts are their owner's alone: the report, posted in the group, lists shared ones.
    const stale = staleScripts(await visibleScripts(deps.db, team.id, null), period.now);
    if (!stale.length) return undefined;
    const lines = [t(L, SX.digestHead, { n: stale.length })];
    for (const { script: s, why, days } of stale.slice(0, SHOWN))
      lines.push(
        t(L, SX.digestLine, {
          id: s.id,
          title: s.title,
          tier: t(L, TIER_NAMES[s.tier]),
          why: why
            .map((w) =>
              t(L, w === 'never' ? SX.digestNeverUsed : w === 'unused' ? SX.digestUnused : SX.digestUnchanged, {
                days,
              }),
            )
            .join('、'),
        }),
      );
    if (stale.length > SHOWN) lines.push(t(L, SX.digestMore, { n: stale.length - SHOWN }));
    return [markdown(lines.join('\n'))];
  },
};
