/**
 * A metric as a person names it (pure): its key (first_response_s), its Chinese or English name
 * (首次响应时长), or any platform's spelling (3分钟人工回复率 (会话)) — plus the team's own metrics.
 */
import type { Locale } from '../../config';
import { t } from '../../i18n';
import { CATALOG, metricByKey, type MetricDef } from './catalog';
import { normalizeLabel } from './headers';

const INDEX = new Map<string, string>();
for (const m of CATALOG)
  for (const label of [m.key, m.name['zh-CN'], m.name.en, ...m.aliases]) INDEX.set(normalizeLabel(label), m.key);

/** The catalog metric (or one of `own`, the team's) that `words` names; undefined when none does. */
export function findMetric(words: string, own: readonly MetricDef[] = []): MetricDef | undefined {
  const n = normalizeLabel(words);
  const mine = own.find((m) => [m.key, m.name['zh-CN'], m.name.en].some((l) => normalizeLabel(l) === n));
  if (mine) return mine;
  const key = INDEX.get(n);
  return key ? metricByKey(key) : undefined;
}

/** Names close to `words`, for "did you mean" (substring either way on the normalised names). */
export function nearMetrics(words: string, locale: Locale, own: readonly MetricDef[] = [], max = 5): string[] {
  const n = normalizeLabel(words);
  if (!n) return [];
  const out = new Set<string>();
  for (const m of [...own, ...CATALOG]) {
    const labels = [m.key, m.name['zh-CN'], m.name.en, ...m.aliases];
    if (
      labels.some(
        (l) => normalizeLabel(l).includes(n) || (normalizeLabel(l).length > 1 && n.includes(normalizeLabel(l))),
      )
    )
      out.add(t(locale, m.name));
    if (out.size >= max) break;
  }
  return [...out];
}
