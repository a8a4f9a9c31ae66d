/**
 * The one way a feature reaches core, the outbox, the escalation engine, the digest and the
 * sandbox: a definition registered once in src/app.ts. Core reads the registries built from these
 * (Deps.app); it never imports a feature.
 */
import type { Hono } from 'hono';
import type { DataApi } from './data-api';
import type { CardElement } from '../cards/card';
import type { EscalationSubject } from '../escalation/subject';
import type { Text } from '../i18n';
import type { Guard } from '../outbox/guards';
import type { OutboxListener } from '../outbox/listeners';
import type { BoardSection } from './board';
import type { ActionHandler } from './command-def';
import type { DataHandler } from './data-signals';
import type { FileKind } from './file-kinds';
import type { Deps } from './deps';
import type { ExportKind } from './export-def';
import type { ScheduleDef } from './schedules';
import type { ScriptLibrary, ScriptSlot } from './script-slots';
import type { Team } from './teams';
import type { TimerHandler } from './timers';

/** A line the sandbox's demo script types in the group, as `as` (a demo person's name). */
export interface SeedLine {
  as: string;
  text: string;
}

/**
 * A feature's demo data for the sandbox's demo team (the KPI history), stored through the feature's
 * own code. Runs after the team is seeded, at every start and after each clock move, so it must be
 * idempotent and cheap when there is nothing new to store.
 */
export type SandboxData = (deps: Deps, team: Team, now: Date) => Promise<void>;

/** The two digests: the morning digest (日报, yesterday) and the weekly report (周报, last week). */
export type DigestKind = 'daily' | 'weekly';

/**
 * What a section is asked about: [from, to) is yesterday (daily) or the last seven days
 * (weekly), and [previousFrom, from) the period before it, of the same length, to compare with.
 */
export interface DigestPeriod {
  from: Date;
  to: Date;
  now: Date;
  /** Absent for callers that predate the weekly report: read it as 'daily'. */
  kind?: DigestKind;
  previousFrom?: Date;
  /** The local days of [from, to) ("2026-11-30"), in the team's time zone. */
  days?: { from: string; to: string; previousFrom: string };
}

/** What the morning digest shows of a feature (the digest imports no feature). */
export interface DigestSection {
  /** Stable key, unique across features: "anomaly", "complaint". */
  key: string;
  title: Text;
  /** Sections are shown in ascending order; ties by registration order. */
  order?: number;
  /** The digests the section is part of (default both: `period.kind` says which one asks). */
  kinds?: DigestKind[];
  /**
   * The most of the card this section may take once rendered, in bytes (default: an even share of
   * what the platform allows). A section over it is cut down by the digest (rows, then charts).
   */
  maxBytes?: number;
  /** The section's elements for `team` over [from, to), or undefined when it has nothing to say. */
  build(deps: Deps, team: Team, period: DigestPeriod): Promise<CardElement[] | undefined>;
}

export interface FeatureDef {
  /** The prefix of everything the feature names: timer kinds ("anomaly.step"), guards, refs, actions. */
  name: string;
  /**
   * Work each team gets at a local time on chosen weekdays ("the morning inspection at 08:30"),
   * keyed `${name}.…`; teams may change the time (setTeamSchedule). See core/schedules.ts.
   */
  schedules?: Record<string, ScheduleDef>;
  /**
   * What the feature does when another feature signals new data of a topic ("kpi"; see
   * core/data-signals.ts): runs once per signal window, in the signal's timer transaction.
   */
  onData?: Record<string, DataHandler>;
  /** Future actions by timer kind; each kind starts with `${name}.`. */
  timers?: Record<string, TimerHandler>;
  /** Outbox guards by name ("anomaly" for "anomaly:42"); each starts with the feature's name. */
  guards?: Record<string, Guard>;
  /** What became of the outbox rows whose ref starts with `${name}:`. */
  onOutboxOutcome?: OutboxListener;
  /** Card button handlers by value.action; each starts with `${name}.`. */
  actions?: Record<string, ActionHandler>;
  /** Routes of the data API under /api/v1 (token-checked, zod-validated, in the OpenAPI document). */
  api?: (api: DataApi, deps: Deps) => void;
  /** Other HTTP routes (the board). */
  routes?: (app: Hono, deps: Deps) => void;
  /** What the feature adds to the morning digest and the weekly report: one section or several. */
  digest?: DigestSection | DigestSection[];
  /** What the feature shows on the team's live floor board (core/board.ts): one panel or several. */
  board?: BoardSection | BoardSection[];
  /**
   * What the escalation engine escalates for this feature, by subject key ("anomaly"); each key
   * starts with the feature's name. The feature also registers the subject's guards
   * (escalationGuards) and routes its outbox outcomes to the engine (onEscalationOutcome).
   */
  escalation?: Record<string, EscalationSubject>;
  /**
   * Files sent to the bot in a private chat run as this command (e.g. 'kpi import', without "/"),
   * with ctx.event.file set. One feature at most may claim them (defineApp refuses a second).
   */
  files?: { command: string };
  /**
   * Kinds of file this feature reads, by key (each starts with the feature's name): the claimant of
   * `files` hands over a file whose header only such a kind recognises (core/file-kinds.ts).
   */
  fileKinds?: Record<string, FileKind>;
  /**
   * Places where the feature's cards show customers' wording (core/script-slots.ts), by key; each
   * starts with `${name}.`. Cards ask slotScript() for what to show there.
   */
  scriptSlots?: Record<string, ScriptSlot>;
  /** The script library that says which script fills each slot. One feature at most keeps it. */
  scriptLibrary?: ScriptLibrary;
  /** Kinds of record a supervisor may export (/export, GET /api/v1/export/<kind>); see core/export-def.ts. */
  exports?: ExportKind[];
  /** The sandbox: quick chips above the composer, lines of the demo team's set-up script, its demo data. */
  sandbox?: { quick?: string[]; seed?: SeedLine[]; data?: SandboxData };
}

export const defineFeature = (f: FeatureDef): FeatureDef => f;
