import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { teams } from '../../db/schema';
import type { EscalationPolicy } from '../../escalation/policy';

/**
 * One step of a playbook. `owner`: a duty role ("duty" = the on-duty person, "supervisor", "leader",
 * "ops", "agent", "reporter") or a named person ("@<open_id>"); `limitMin`: the step is flagged
 * overdue that many minutes after the incident started.
 */
export interface PlaybookStep {
  text: string;
  owner?: string;
  limitMin?: number;
}

/** A step as an incident carries it: the playbook's step, whom it was given to, and when it was done. */
export interface IncidentStep extends PlaybookStep {
  assignee?: string;
  doneAt?: string;
  doneBy?: string;
  overdueAt?: string;
}

/** What an incident keeps of its playbook when it starts: a later edit never changes one in flight. */
export interface PlaybookSnapshot {
  version: number;
  name: string;
  /** The customer-facing wording (outage: the apology; opinion: the one agreed wording, 统一口径). */
  wording?: string;
  /** Details go to supervisors privately; the group card only says a colleague is looked after. */
  private?: boolean;
}

/**
 * A team's own version of a playbook (edited with /playbook, or a kind of its own). A team that
 * never edited one uses the default from kinds.ts; the first edit stores it here as version 2.
 */
export const incidentPlaybooks = pgTable(
  'incident_playbooks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    severity: integer('severity').notNull(),
    steps: jsonb('steps').$type<PlaybookStep[]>().notNull(),
    wording: text('wording'),
    version: integer('version').notNull().default(1),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('incident_playbooks_kind').on(t.teamId, t.kind)],
);

/** Status as the escalation engine reads it: open (nobody acknowledged), claimed (acknowledged), resolved (closed). */
export type IncidentStatus = 'open' | 'claimed' | 'resolved';

/**
 * An incident (突发情况). `source` (the inbound event or the surge button) makes a replayed start
 * start nothing. `version` numbers the card's patches.
 */
export const incidents = pgTable(
  'incidents',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    severity: integer('severity').notNull(),
    description: text('description').notNull().default(''),
    reporterOpenId: text('reporter_open_id').notNull(),
    status: text('status').$type<IncidentStatus>().notNull().default('open'),
    playbook: jsonb('playbook').$type<PlaybookSnapshot>().notNull(),
    steps: jsonb('steps').$type<IncidentStep[]>().notNull(),
    /** The escalation policy snapshot (sev1 only). */
    policy: jsonb('policy').$type<EscalationPolicy>(),
    step: integer('step').notNull().default(0),
    nextStepAt: timestamp('next_step_at', { withTimezone: true }),
    unreachedAt: timestamp('unreached_at', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedBy: text('acknowledged_by'),
    mitigatedAt: timestamp('mitigated_at', { withTimezone: true }),
    lastUpdateAt: timestamp('last_update_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: text('closed_by'),
    summary: text('summary'),
    source: text('source').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('incidents_source').on(t.teamId, t.source),
    index('incidents_team_started').on(t.teamId, t.startedAt),
    index('incidents_team_open')
      .on(t.teamId)
      .where(sql`${t.closedAt} is null`),
  ],
);

/** The incident's timeline; `source` makes each thing happen once (a double click adds nothing). */
export const incidentEvents = pgTable(
  'incident_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    incidentId: bigint('incident_id', { mode: 'number' })
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    kind: text('kind').notNull(),
    actorOpenId: text('actor_open_id'),
    openIds: jsonb('open_ids').$type<string[]>().notNull().default([]),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    source: text('source'),
  },
  (t) => [index('incident_events_incident').on(t.incidentId, t.at), uniqueIndex('incident_events_source').on(t.source)],
);

/** A review item of a closed incident (what to change, who, by when), reminded until done. */
export const incidentFollowups = pgTable(
  'incident_followups',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    incidentId: bigint('incident_id', { mode: 'number' })
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    ownerOpenId: text('owner_open_id').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    doneAt: timestamp('done_at', { withTimezone: true }),
    doneBy: text('done_by'),
    source: text('source').notNull(),
  },
  (t) => [uniqueIndex('incident_followups_source').on(t.teamId, t.source)],
);

/** A team's incident settings: how long without an update before the owner is reminded (0 = never). */
export const incidentSettings = pgTable('incident_settings', {
  teamId: bigint('team_id', { mode: 'number' })
    .primaryKey()
    .references(() => teams.id, { onDelete: 'cascade' }),
  updateEveryMs: integer('update_every_ms').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/**
 * A traffic-surge suggestion: one per store (0 = the team) and local hour ("2026-12-01 10"),
 * whatever the data does after. `incidentId` once a person started the playbook from it.
 */
export const incidentSurges = pgTable(
  'incident_surges',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    storeId: bigint('store_id', { mode: 'number' }).notNull().default(0),
    storeName: text('store_name').notNull(),
    hour: text('hour').notNull(),
    count: integer('count').notNull(),
    baseline: integer('baseline').notNull(),
    incidentId: bigint('incident_id', { mode: 'number' }).references(() => incidents.id, { onDelete: 'set null' }),
    startedBy: text('started_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('incident_surges_key').on(t.teamId, t.storeId, t.hour)],
);
