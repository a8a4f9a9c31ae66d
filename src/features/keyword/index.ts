import { defineFeature } from '../../core/feature';
import { registerKeywordsApi } from './api';
import { evaluateKeywords } from './evaluate';

/**
 * Keyword early warning (关键词预警): counts of what customers say (POST /api/v1/keywords), and a
 * card when a keyword runs at 3× its 7-day same-hour baseline, updated in place that day.
 */
export const keywordFeature = defineFeature({
  name: 'keyword',
  onData: { keywords: evaluateKeywords },
  api: registerKeywordsApi,
});
