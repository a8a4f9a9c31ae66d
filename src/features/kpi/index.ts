import { defineFeature } from '../../core/feature';
import { registerMetricsApi } from './api';
import { addStoreAction, cancelAction, dayAction, importAction, storePickAction } from './import-actions';
import { PREVIEW_TIMER, runPreview, runStore, STORE_TIMER } from './import-flow';

/** KPI data: the metric catalog, targets, the data API and the platforms' own exports. */
export const kpiFeature = defineFeature({
  name: 'kpi',
  api: registerMetricsApi,
  files: { command: 'kpi import' },
  timers: { [PREVIEW_TIMER]: runPreview, [STORE_TIMER]: runStore },
  actions: {
    'kpi.import': importAction,
    'kpi.cancel': cancelAction,
    'kpi.day': dayAction,
    'kpi.store_pick': storePickAction,
    'kpi.add_store': addStoreAction,
  },
  sandbox: { quick: ['/kpi', '/kpi metrics', '/target'] },
});
