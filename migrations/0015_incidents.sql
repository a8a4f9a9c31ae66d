CREATE TABLE "incident_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"incident_id" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"actor_open_id" text,
	"open_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"source" text
);
--> statement-breakpoint
CREATE TABLE "incident_followups" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" bigint NOT NULL,
	"incident_id" bigint NOT NULL,
	"text" text NOT NULL,
	"owner_open_id" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"done_at" timestamp with time zone,
	"done_by" text,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_playbooks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"severity" integer NOT NULL,
	"steps" jsonb NOT NULL,
	"wording" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_settings" (
	"team_id" bigint PRIMARY KEY NOT NULL,
	"update_every_ms" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_surges" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" bigint NOT NULL,
	"store_id" bigint DEFAULT 0 NOT NULL,
	"store_name" text NOT NULL,
	"hour" text NOT NULL,
	"count" integer NOT NULL,
	"baseline" integer NOT NULL,
	"incident_id" bigint,
	"started_by" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"severity" integer NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"reporter_open_id" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"playbook" jsonb NOT NULL,
	"steps" jsonb NOT NULL,
	"policy" jsonb,
	"step" integer DEFAULT 0 NOT NULL,
	"next_step_at" timestamp with time zone,
	"unreached_at" timestamp with time zone,
	"started_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" text,
	"mitigated_at" timestamp with time zone,
	"last_update_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	"summary" text,
	"source" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "incident_events" ADD CONSTRAINT "incident_events_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_followups" ADD CONSTRAINT "incident_followups_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_followups" ADD CONSTRAINT "incident_followups_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_playbooks" ADD CONSTRAINT "incident_playbooks_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_settings" ADD CONSTRAINT "incident_settings_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_surges" ADD CONSTRAINT "incident_surges_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_surges" ADD CONSTRAINT "incident_surges_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incident_events_incident" ON "incident_events" USING btree ("incident_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "incident_events_source" ON "incident_events" USING btree ("source");--> statement-breakpoint
CREATE UNIQUE INDEX "incident_followups_source" ON "incident_followups" USING btree ("team_id","source");--> statement-breakpoint
CREATE UNIQUE INDEX "incident_playbooks_kind" ON "incident_playbooks" USING btree ("team_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "incident_surges_key" ON "incident_surges" USING btree ("team_id","store_id","hour");--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_source" ON "incidents" USING btree ("team_id","source");--> statement-breakpoint
CREATE INDEX "incidents_team_started" ON "incidents" USING btree ("team_id","started_at");--> statement-breakpoint
CREATE INDEX "incidents_team_open" ON "incidents" USING btree ("team_id") WHERE "incidents"."closed_at" is null;