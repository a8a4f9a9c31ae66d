/**
 * `npm run bench [name…]`: runs the benches below in order (or only those named) and exits
 * non-zero when any misses its target. A bench is `{ name, run(): Promise<boolean> }`.
 */
import { alertStorm } from './alert-storm';
import { alerts } from './alerts';
import { apiBench } from './api';
import { boardBench } from './board';
import { digestBench } from './digest';
import { escalation } from './escalation';
import { forecastBench } from './forecast';
import { exportBench } from './export';
import { importBench } from './import';
import { inspectBench } from './inspect';
import { incidentSurge } from './incident-surge';
import { kpiImport } from './kpi-import';
import { kpiBench } from './kpi';
import { soak } from './soak';
import { startup } from './startup';
import { webhook } from './webhook';

const benches: { name: string; run(): Promise<boolean> }[] = [
  webhook,
  escalation,
  startup,
  importBench,
  apiBench,
  kpiBench,
  kpiImport,
  alerts,
  alertStorm,
  inspectBench,
  digestBench,
  incidentSurge,
  forecastBench,
  boardBench,
  exportBench,
  soak,
];

const only = process.argv.slice(2);
let failed = false;
for (const bench of benches) {
  if (only.length && !only.includes(bench.name)) continue;
  try {
    if (!(await bench.run())) failed = true;
  } catch (err) {
    failed = true;
    console.error(`${bench.name}: ${err instanceof Error ? err.stack : String(err)}`);
  }
  console.log('');
}
// Keep-alive sockets and pools would hold the process open.
process.exit(failed ? 1 : 0);
