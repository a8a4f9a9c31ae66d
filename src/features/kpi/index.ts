import { defineFeature } from '../../core/feature';
import { registerMetricsApi } from './api';
import { registerImportsApi } from './api-imports';

/** KPI data: the metric catalog, targets, the data API and the platforms' own exports. */
export const kpiFeature = defineFeature({
  name: 'kpi',
  api: (api, deps) => {
    registerMetricsApi(api, deps);
    registerImportsApi(api, deps);
  },
  sandbox: { quick: ['/kpi', '/kpi metrics', '/target'] },
});
