CREATE TABLE "alert_groups" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" bigint NOT NULL,
	"key" text NOT NULL,
	"status" text DEFAULT 'closed' NOT NULL,
	"seq" integer DEFAULT 0 NOT NULL,
	"msg" integer DEFAULT 0 NOT NULL,
	"opened_at" timestamp with time zone,
	"flushed_at" timestamp with time zone,
	"notified_at" timestamp with time zone,
	"storm_at" timestamp with time zone,
	"held_since" timestamp with time zone,
	"version" integer DEFAULT 0 NOT NULL,
	"card_hash" text,
	"claimed_by" text,
	"claimed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "alert_policies" (
	"team_id" bigint PRIMARY KEY NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_silences" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" bigint NOT NULL,
	"store_id" bigint,
	"metric" text,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"ended_by" text,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" bigint NOT NULL,
	"group_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"fingerprint" text NOT NULL,
	"store_id" bigint,
	"agent" text DEFAULT '' NOT NULL,
	"metric" text DEFAULT '' NOT NULL,
	"state" text NOT NULL,
	"fired_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"first_value" double precision,
	"value" double precision,
	"target_op" text,
	"target_value" double precision,
	"period" text,
	"changes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"flapping_until" timestamp with time zone,
	"claimed_by" text,
	"claimed_at" timestamp with time zone,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alert_groups" ADD CONSTRAINT "alert_groups_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_policies" ADD CONSTRAINT "alert_policies_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_silences" ADD CONSTRAINT "alert_silences_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_silences" ADD CONSTRAINT "alert_silences_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_group_id_alert_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."alert_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alert_groups_team_key" ON "alert_groups" USING btree ("team_id","key");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_silences_source" ON "alert_silences" USING btree ("team_id","source");--> statement-breakpoint
CREATE INDEX "alert_silences_team_active" ON "alert_silences" USING btree ("team_id","ends_at") WHERE "alert_silences"."ended_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_team_fingerprint" ON "alerts" USING btree ("team_id","fingerprint");--> statement-breakpoint
CREATE INDEX "alerts_group_seq" ON "alerts" USING btree ("group_id","seq");