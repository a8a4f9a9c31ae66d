/**
 * The application: the one list of features, commands and jobs. Everything core, the outbox, the
 * escalation engine, the digest and the sandbox look up — commands by name, card actions, timer
 * kinds, outbox guards and listeners, digest sections, sandbox seeds — is built here once and
 * handed to them in Deps.app. Adding a feature is one line below (plus its commands and jobs in
 * commands/index.ts and jobs/index.ts).
 */
import { commands } from '../commands';
import { jobs } from '../jobs';
import { defineApp } from './core/app-def';
import { escalationFeature } from './escalation/feature';
import { alertFeature } from './features/alert';
import { boardFeature } from './features/board';
import { complaintFeature } from './features/complaint';
import { anomalyFeature } from './features/anomaly';
import { digestFeature } from './features/digest';
import { dutyFeature } from './features/duty';
import { forecastFeature } from './features/forecast';
import { exportFeature } from './features/export';
import { inspectionFeature } from './features/inspection';
import { incidentFeature } from './features/incident';
import { keywordFeature } from './features/keyword';
import { kpiFeature } from './features/kpi';
import { moodFeature } from './features/mood';
import { scriptFeature } from './features/script';
import { riskFeature } from './features/risk';
import { storesFeature } from './features/stores';

export const features = [
  storesFeature,
  dutyFeature,
  escalationFeature,
  anomalyFeature,
  kpiFeature,
  alertFeature,
  keywordFeature,
  inspectionFeature,
  digestFeature,
  moodFeature,
  incidentFeature,
  complaintFeature,
  scriptFeature,
  riskFeature,
  forecastFeature,
  boardFeature,
  exportFeature,
];

/** Built once per process; entries (Node, Workers, the sandbox, tests) put it in Deps. */
export const app = defineApp({ features, commands, jobs });
