/** A metric's value as the floor reads it (pure): 92.3%, 45 秒 / 1 分 5 秒, ¥12,012.84, 12. */
import type { Locale } from '../../config';
import type { MetricUnit, TargetOp } from './catalog';

const trim = (n: number, digits: number) => Number(n.toFixed(digits)).toString();

export function formatSeconds(s: number, locale: Locale): string {
  const zh = locale === 'zh-CN';
  if (s < 60) return zh ? `${trim(s, 1)} 秒` : `${trim(s, 1)} s`;
  const m = Math.floor(s / 60);
  const rest = Math.round(s - m * 60);
  if (m < 60) return zh ? `${m} 分${rest ? ` ${rest} 秒` : '钟'}` : `${m} min${rest ? ` ${rest} s` : ''}`;
  const h = Math.floor(m / 60);
  return zh ? `${h} 小时 ${m % 60} 分` : `${h} h ${m % 60} min`;
}

export function formatValue(value: number, unit: MetricUnit, locale: Locale): string {
  switch (unit) {
    case 'ratio':
      return `${trim(value * 100, 2)}%`;
    case 'seconds':
      return formatSeconds(value, locale);
    case 'cny':
      return `¥${value.toLocaleString('en-US', { maximumFractionDigits: 2 })}`;
    case 'points':
      return trim(value, 2);
    case 'count':
      return Number.isInteger(value) ? value.toLocaleString('en-US') : trim(value, 1);
    case 'number':
      return trim(value, 2);
  }
}

export const formatTarget = (op: TargetOp, value: number, unit: MetricUnit, locale: Locale): string =>
  `${op === '<=' ? '≤' : '≥'} ${formatValue(value, unit, locale)}`;
