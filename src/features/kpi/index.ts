import { defineFeature } from '../../core/feature';
import { registerMetricsApi } from './api';
import { registerImportsApi } from './api-imports';
import { seedDemoHistory } from './demo-seed';

/** KPI data: the metric catalog, targets, the data API and the platforms' own exports. */
export const kpiFeature = defineFeature({
  name: 'kpi',
  api: (api, deps) => {
    registerMetricsApi(api, deps);
    registerImportsApi(api, deps);
  },
  sandbox: {
    quick: ['/kpi', '/kpi 天猫旗舰店 7d', '/kpi 30d', '/kpi metrics', '/target'],
    // 30 days of history for the demo stores, so /kpi has numbers, red lines and a trend at once.
    data: seedDemoHistory,
  },
});
