/** The digest's risk section: warnings raised in the period by reason, their outcomes, and how many are open. */
import { markdown } from '../../cards/card';
import type { DigestSection } from '../../core/feature';
import { localeOf } from '../../core/teams';
import { t } from '../../i18n';
import { openWarnings, warningsBetween } from './repo';
import { OUTCOMES, REASONS } from './rules';
import { OUTCOME_NAMES, REASON_SHORT, RX } from './texts';

export const riskDigest: DigestSection = {
  key: 'risk',
  title: RX.digestTitle,
  order: 27,
  async build(deps, team, period) {
    const L = localeOf(deps.config, team);
    const [rows, open] = await Promise.all([
      warningsBetween(deps.db, team.id, period.from, period.to),
      openWarnings(deps.db, team.id),
    ]);
    const inPeriod = (d: Date | null) => !!d && d >= period.from && d < period.to;
    const raised = rows.filter((o) => inPeriod(o.warnedAt));
    const decided = rows.filter((o) => inPeriod(o.outcomeAt));
    if (!raised.length && !decided.length && !open.length) return undefined;
    const byReason = REASONS.map((r) => [r, raised.filter((o) => o.reasons.includes(r)).length] as const)
      .filter(([, n]) => n > 0)
      .map(([r, n]) => `${t(L, REASON_SHORT[r])} ${n}`);
    const lines = [t(L, RX.digestCounts, { n: raised.length, reasons: byReason.join('、') || '—', open: open.length })];
    const outcomes = OUTCOMES.map((x) => [x, decided.filter((o) => o.outcome === x).length] as const)
      .filter(([, n]) => n > 0)
      .map(([x, n]) => `${t(L, OUTCOME_NAMES[x])} ${n}`);
    if (outcomes.length) lines.push(t(L, RX.digestOutcomes, { list: outcomes.join('、') }));
    return [markdown(lines.join('\n'))];
  },
};
