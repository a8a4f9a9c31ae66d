import type { CommandDef } from '../src/core/command-def';
import { ack } from './ack';
import { anomaly } from './anomaly';
import { duty } from './duty';
import { help } from './help';
import { policy } from './policy';
import { resolve } from './resolve';
import { role } from './role';
import { setup } from './setup';
import { store } from './store';
import { kpi } from './kpi';
import { target } from './target';
import { alert } from './alert';
import { silence } from './silence';
import { violation } from './violation';
import { inspect } from './inspect';
import { digest } from './digest';
import { mood } from './mood';
import { incident } from './incident';
import { playbook } from './playbook';
import { complaint } from './complaint';
import { audit } from './audit';
import { script } from './script';
import { risk } from './risk';
import { forecast } from './forecast';
import { calendar } from './calendar';
import { board } from './board';
import { exportCommand } from './export';

/** Every command, in the order /help lists them. */
export const commands: CommandDef[] = [
  help,
  setup,
  store,
  role,
  duty,
  anomaly,
  ack,
  resolve,
  policy,
  kpi,
  target,
  alert,
  silence,
  violation,
  inspect,
  digest,
  mood,
  incident,
  playbook,
  complaint,
  audit,
  script,
  risk,
  forecast,
  calendar,
  board,
  exportCommand,
];
