/**
 * What a subject of escalation (a store anomaly now; an incident, a KPI violation, a complaint SLA
 * breach later) gives the engine. A feature registers its subjects with defineFeature({ escalation:
 * { <key>: subject } }), and the engine reaches them only through deps.app.escalation: it imports
 * no feature.
 *
 * Everything the engine stores or sends for subject `key`, row `id` is named `${key}:${id}…`
 * (timer refs, outbox refs and uuids) and guarded by `${key}:${id}` / `${key}Claimed:${id}`, so the
 * feature also registers `guards: escalationGuards(key, subject)` and
 * `onOutboxOutcome: onEscalationOutcome` (defineApp checks both are there).
 */
import type { Locale } from '../config';
import type { Deps } from '../core/deps';
import type { Team } from '../core/teams';
import type { Db } from '../db/client';
import type { Text } from '../i18n';
import type { EscalationPolicy, StepPeople } from './policy';

export type SubjectStatus = 'open' | 'claimed' | 'resolved';

/** The subject's row as the engine sees it, read under its lock. */
export interface EscalationState {
  id: number;
  teamId: number;
  status: SubjectStatus;
  /** The snapshot taken when it started: a policy change never alters one in flight. */
  policy: EscalationPolicy;
  /** The last step taken (0: none yet). */
  step: number;
  startedAt: Date;
  claimedAt: Date | null;
  claimedBy: string | null;
  unreachedAt: Date | null;
  /**
   * Which escalation of the row this is (0, or absent: the first). A subject that escalates again
   * after an escalation ended bumps it and resets step, claim and unreached (see refs.ts).
   */
  cycle?: number;
  /** The subject's own words in its texts: {id}, and e.g. {store}, {kind}. */
  vars(locale: Locale): Record<string, string | number>;
}

/** What the engine writes back on the subject's row; `update` also re-renders its card. */
export interface EscalationChanges {
  step?: number;
  nextStepAt?: Date | null;
  unreachedAt?: Date;
}

export type EscalationEventKind = 'buzz' | 'skipped' | 'unreached' | 'reminder' | 'buzz_failed';

/** A line of the subject's timeline; `source` makes it happen once (a re-run step adds nothing). */
export interface EscalationEvent {
  at: Date;
  kind: EscalationEventKind;
  openIds: string[];
  detail: Record<string, unknown>;
  source: string;
}

/** Who is there to escalate to right now, and whom the bot can reach. */
export interface EscalationPeople extends StepPeople {
  names: Map<string, string>;
  canBuzz(openId: string): boolean;
}

/** Where the people come from (the duty roster and the members' roles): shared by subjects. */
export interface EscalationDirectory {
  /** `roles`: the roles the policy's steps name (only those need looking up). */
  people(deps: Deps, team: Team, now: Date, roles: string[]): Promise<EscalationPeople>;
  /** The platform said these cannot be buzzed: later steps skip them until they speak again. */
  markUnreachable(db: Db, teamId: number, openIds: string[], now: Date): Promise<void>;
  /** People mentioned in a group text message. */
  mention(people: EscalationPeople, openIds: string[]): string;
}

/**
 * What the engine says in the group about a subject. Besides the subject's vars: {who} (mentions),
 * {minutes} (a duration), {skipped}, {role}, {claimer}, {code}.
 */
export type EscalationTexts = Record<
  | 'skippedNotice'
  | 'skippedNoDuty'
  | 'skippedNoSupervisors'
  | 'skippedNoRole'
  | 'skippedUnreachable'
  | 'unreachedNotice'
  | 'unreachedNobody'
  | 'reminderClaimer'
  | 'reminderSupervisors'
  | 'quotaEmpty'
  | 'groupForbids'
  | 'notOwnMessage'
  | 'invalidPeople'
  | 'tooManyBuzzes',
  Text
>;

export interface EscalationSubject {
  /** What /policy calls it ("store anomalies"). */
  title: Text;
  /** What one says of them in a sentence ("异常", "anomalies"). */
  noun: Text;
  /**
   * What a list calls one of them before its number ("店铺异常" #12, "store anomaly" #12), as the
   * gathered notice of refused buzzes does; `title` when absent.
   */
  label?: Text;
  /**
   * Its number is never said in the group (a private case: the group hears only that there is
   * one), so a list names it by its label alone.
   */
  unnumberedInGroup?: boolean;
  /** What happens at once, before step 1, as /policy tells it ("the card, @operations"). */
  atOnce?: Text;
  /** Other words /policy takes for its key ("异常"). */
  aliases?: string[];
  /** The policy of a team that never changed it. */
  defaultPolicy: EscalationPolicy;
  /** The row FOR UPDATE until the transaction ends: claims, resolves and steps take turns on it. */
  lock(tx: Db, id: number): Promise<EscalationState | undefined>;
  /**
   * The status FOR SHARE, for the outbox guard: a claim (FOR UPDATE) waits until a buzz being sent
   * is over, or goes first and the buzz is cancelled.
   */
  sharedStatus(tx: Db, id: number): Promise<SubjectStatus | undefined>;
  /** The outbox ref of the message the buzzes are attached to. */
  cardRef(id: number): string;
  /**
   * For a subject whose card goes to each person privately rather than to the group (a care case):
   * the ref of `openId`'s own card. Each person is then buzzed on their own card, in their own chat
   * (a buzz names only people in the message's chat), and `cardRef` is not used for buzzes.
   */
  cardRefFor?(id: number, openId: string): string;
  record(tx: Db, id: number, events: EscalationEvent[]): Promise<void>;
  /** Everyone buzzed so far (for the "unreached" notice). */
  buzzed(tx: Db, id: number): Promise<string[]>;
  /**
   * Writes `changes` on the locked row and enqueues its card, re-rendered, in place. `people`: what
   * the directory said a moment ago, if the engine asked (a card naming people need not ask again).
   */
  update(
    deps: Deps,
    team: Team,
    id: number,
    changes: EscalationChanges,
    now: Date,
    people?: EscalationPeople,
  ): Promise<void>;
  texts: EscalationTexts;
  directory: EscalationDirectory;
}

const TEXT_KEYS = [
  'skippedNotice',
  'skippedNoDuty',
  'skippedNoSupervisors',
  'skippedNoRole',
  'skippedUnreachable',
  'unreachedNotice',
  'unreachedNobody',
  'reminderClaimer',
  'reminderSupervisors',
  'quotaEmpty',
  'groupForbids',
  'notOwnMessage',
  'invalidPeople',
  'tooManyBuzzes',
] as const satisfies readonly (keyof EscalationTexts)[];

/** The engine's texts out of a feature's texts object that has them under the same names. */
export const escalationTexts = (all: EscalationTexts): EscalationTexts =>
  Object.fromEntries(TEXT_KEYS.map((k) => [k, all[k]])) as EscalationTexts;
