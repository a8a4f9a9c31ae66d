import { describe, expect, it } from 'vitest';
import { formatDuration, formatMeanMedian, parseDuration } from '../../src/domain/duration';

describe('durations as people write them', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['5分钟', 300_000],
    ['30秒', 30_000],
    ['2小时', 7_200_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['7d', 604_800_000],
    ['7天', 604_800_000],
    ['10 min', 600_000],
    ['半小时', 1_800_000],
    ['5M', 300_000],
  ])('%s → %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '5', 'five minutes', '5x', 'm5', '5m-', '-5m', '5分钟后'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('formats for each language', () => {
    expect(formatDuration(300_000, 'zh-CN')).toBe('5分钟');
    expect(formatDuration(90_000, 'zh-CN')).toBe('1分30秒');
    expect(formatDuration(5_400_000, 'zh-CN')).toBe('1小时30分钟');
    expect(formatDuration(90_000, 'en')).toBe('1m 30s');
    expect(formatDuration(0, 'en')).toBe('0s');
  });
});

describe('formatMeanMedian', () => {
  it('shows a summary of durations in the team’s language, and a dash for none', () => {
    expect(formatMeanMedian({ meanMs: 300_000, medianMs: 240_000 }, 'zh-CN')).toBe('平均 5分钟（中位 4分钟）');
    expect(formatMeanMedian({ meanMs: 90_000, medianMs: 60_000 }, 'en')).toBe('mean 1m 30s (median 1m)');
    expect(formatMeanMedian(undefined, 'zh-CN')).toBe('—');
  });
});
