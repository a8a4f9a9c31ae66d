/**
 * Command arguments that name KPI things, as zod schemas whose messages are "中文|English" like
 * every command's. A metric is only a word here: which metric it names depends on the team's own
 * metrics, so the command resolves it (resolveTeamMetric, with "did you mean").
 */
import { z } from 'zod';
import { PERIOD_WORDS, type PeriodWord } from './period';

export const metricWord = z.string({
  message: '缺少指标，例如 first_response_s 或 3分钟人工响应率|the metric is missing, e.g. first_response_s',
});

/** A period word, or undefined. */
export const periodWord = (w: string | undefined): PeriodWord | undefined =>
  w === undefined ? undefined : PERIOD_WORDS[w.toLowerCase()];
