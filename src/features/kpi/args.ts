/**
 * Command arguments that name KPI things, as zod schemas whose messages are "中文|English" like
 * every command's: a metric (with "did you mean"), a value in the metric's unit, a target.
 */
import { z } from 'zod';
import type { MetricDef } from './catalog';
import { findMetric, nearMetrics } from './metric-names';
import { PERIOD_WORDS, type PeriodWord } from './period';

export const metricArg = z
  .string({
    message: '缺少指标，例如 first_response_s 或 3分钟人工响应率|the metric is missing, e.g. first_response_s',
  })
  .transform((s, ctx): MetricDef => {
    const m = findMetric(s);
    if (m) return m;
    const zh = nearMetrics(s, 'zh-CN');
    const en = nearMetrics(s, 'en');
    ctx.addIssue({
      code: 'custom',
      message: `没有「${s}」这个指标。${zh.length ? `你是不是想找：${zh.join('、')}。` : ''}/kpi metrics 列出全部指标。|There is no metric "${s}". ${en.length ? `Did you mean: ${en.join(', ')}? ` : ''}/kpi metrics lists them all.`,
    });
    return z.NEVER;
  });

/** A period word, or undefined. */
export const periodWord = (w: string | undefined): PeriodWord | undefined =>
  w === undefined ? undefined : PERIOD_WORDS[w.toLowerCase()];
