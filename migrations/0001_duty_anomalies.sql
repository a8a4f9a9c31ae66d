CREATE TABLE "duty_shifts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"primary_open_id" text NOT NULL,
	"backup_open_id" text,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"start_minute" integer,
	"end_minute" integer,
	"weekdays" jsonb,
	"created_by" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "anomalies" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" bigint NOT NULL,
	"store_id" bigint NOT NULL,
	"store_name" text NOT NULL,
	"kind" text NOT NULL,
	"description" text NOT NULL,
	"reporter_open_id" text NOT NULL,
	"report_count" integer DEFAULT 1 NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"policy" jsonb NOT NULL,
	"step" integer DEFAULT 0 NOT NULL,
	"next_step_at" timestamp with time zone,
	"reported_at" timestamp with time zone NOT NULL,
	"claimed_at" timestamp with time zone,
	"claimed_by" text,
	"resolved_at" timestamp with time zone,
	"resolved_by" text,
	"resolution_note" text,
	"unreached_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "anomaly_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"anomaly_id" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"actor_open_id" text,
	"open_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"source" text
);
--> statement-breakpoint
CREATE TABLE "escalation_policies" (
	"team_id" bigint PRIMARY KEY NOT NULL,
	"first_delay_ms" integer NOT NULL,
	"interval_ms" integer NOT NULL,
	"supervisor_rounds" integer NOT NULL,
	"claim_reminder_ms" integer NOT NULL,
	"updated_by" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "duty_shifts" ADD CONSTRAINT "duty_shifts_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "anomalies" ADD CONSTRAINT "anomalies_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "anomalies" ADD CONSTRAINT "anomalies_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "anomaly_events" ADD CONSTRAINT "anomaly_events_anomaly_id_anomalies_id_fk" FOREIGN KEY ("anomaly_id") REFERENCES "public"."anomalies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_policies" ADD CONSTRAINT "escalation_policies_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "duty_shifts_team_active" ON "duty_shifts" USING btree ("team_id") WHERE "duty_shifts"."removed_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "anomalies_one_open" ON "anomalies" USING btree ("team_id","store_id","kind") WHERE "anomalies"."resolved_at" is null;--> statement-breakpoint
CREATE INDEX "anomalies_team_reported" ON "anomalies" USING btree ("team_id","reported_at");--> statement-breakpoint
CREATE INDEX "anomaly_events_anomaly" ON "anomaly_events" USING btree ("anomaly_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "anomaly_events_source" ON "anomaly_events" USING btree ("source");