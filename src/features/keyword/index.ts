import { defineFeature } from '../../core/feature';
import { registerKeywordImportApi, registerKeywordsApi } from './api';
import { seedDemoKeywords } from './demo';
import { DAY_END_TIMER, evaluateKeywords, runDayEnd } from './evaluate';
import { cancelAction, importAction, keywordReportKind } from './import';

/**
 * Keyword early warning (关键词预警): counts of what customers say (POST /api/v1/keywords), and a
 * card when a keyword runs at 3× its 7-day same-hour baseline, updated in place that day.
 */
export const keywordFeature = defineFeature({
  name: 'keyword',
  onData: { keywords: evaluateKeywords },
  timers: { [DAY_END_TIMER]: runDayEnd },
  api: (api, deps) => {
    registerKeywordsApi(api, deps);
    registerKeywordImportApi(api, deps);
  },
  // The AI assistant's hot-question report, sent to the bot like a KPI export: handed over here.
  fileKinds: { keywordReport: keywordReportKind },
  actions: { 'keyword.import': importAction, 'keyword.cancel': cancelAction },
  sandbox: {
    // A 7-day baseline and today's spike of 质量差: the early-warning card shows at once.
    data: seedDemoKeywords,
    quick: ['/alert policy keyword_min=20'],
  },
});
