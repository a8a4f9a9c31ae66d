import { defineFeature } from '../../core/feature';
import { registerExportApi } from './api';
import { BUILD_TIMER, runBuildTimer } from './build';

/**
 * Exports a supervisor hands upward (issue #17): the kinds other features declare
 * (FeatureDef.exports) as an XLSX file sent privately (/export, through the outbox's file store)
 * or as CSV from the data API (GET /api/v1/export/<kind>). Mood data is never exported.
 */
export const exportFeature = defineFeature({
  name: 'export',
  timers: { [BUILD_TIMER]: runBuildTimer },
  api: registerExportApi,
  sandbox: { quick: ['/export anomalies 30d', '/export kpi 7d'] },
});
