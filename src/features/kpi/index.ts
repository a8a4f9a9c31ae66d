import { defineFeature } from '../../core/feature';
import { kpiExport } from './export';
import { registerMetricsApi } from './api';
import { registerImportsApi } from './api-imports';
import { seedDemoHistory } from './demo-seed';
import { addStoreAction, cancelAction, dayAction, importAction, storePickAction } from './import-actions';
import { PREVIEW_TIMER, runPreview, runStore, STORE_TIMER } from './import-flow';
import { kpiDigest } from './digest';
import { kpiBoard } from './board';

/** KPI data: the metric catalog, targets, the data API and the platforms' own exports. */
export const kpiFeature = defineFeature({
  name: 'kpi',
  exports: [kpiExport],
  digest: kpiDigest,
  board: kpiBoard,
  api: (api, deps) => {
    registerMetricsApi(api, deps);
    registerImportsApi(api, deps);
  },
  // A file sent to the bot privately is an export to import.
  files: { command: 'kpi import' },
  timers: { [PREVIEW_TIMER]: runPreview, [STORE_TIMER]: runStore },
  actions: {
    'kpi.import': importAction,
    'kpi.cancel': cancelAction,
    'kpi.day': dayAction,
    'kpi.store_pick': storePickAction,
    'kpi.add_store': addStoreAction,
  },
  sandbox: {
    quick: ['/kpi', '/kpi 天猫旗舰店 7d', '/kpi 30d', '/kpi metrics', '/target'],
    // 30 days of history for the demo stores, so /kpi has numbers, red lines and a trend at once.
    data: seedDemoHistory,
  },
});
