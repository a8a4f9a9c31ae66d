import type { Deps } from '../core/deps';
import type { EscalationSubject } from './subject';

/** The subject registered under `key` (deps.app.escalation); a timer or row naming another is a bug. */
export function subjectOf(deps: Pick<Deps, 'app'>, key: string): EscalationSubject {
  const subject = Object.hasOwn(deps.app.escalation, key) ? deps.app.escalation[key] : undefined;
  if (!subject) throw new Error(`no escalation subject "${key}" is registered`);
  return subject;
}
