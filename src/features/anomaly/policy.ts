import { DEFAULT_POLICY, policyFrom, type EscalationPolicy } from '../../escalation/policy';
import type { Anomaly } from './repo';

/** The policy an anomaly escalates by: its snapshot (rows from before policies had steps included). */
export const anomalyPolicy = (a: Pick<Anomaly, 'policy'>): EscalationPolicy => policyFrom(a.policy, DEFAULT_POLICY);
