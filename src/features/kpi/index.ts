import { defineFeature } from '../../core/feature';
import { registerMetricsApi } from './api';

/** KPI data: the metric catalog, targets, the data API and the platforms' own exports. */
export const kpiFeature = defineFeature({
  name: 'kpi',
  api: registerMetricsApi,
  sandbox: { quick: ['/kpi', '/kpi metrics', '/target'] },
});
