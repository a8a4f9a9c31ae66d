CREATE TABLE "complaint_settings" (
	"team_id" bigint PRIMARY KEY NOT NULL,
	"settings" jsonb NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaints" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" bigint NOT NULL,
	"source" text NOT NULL,
	"store_id" bigint NOT NULL,
	"store_name" text NOT NULL,
	"order_id" text NOT NULL,
	"wants" text NOT NULL,
	"amount" double precision,
	"category" text NOT NULL,
	"crisis" integer DEFAULT 0 NOT NULL,
	"owner_open_id" text NOT NULL,
	"responsibility" text,
	"responsibility_note" text,
	"approvals" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"offers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"due" jsonb NOT NULL,
	"done" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"breaches" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"paused_at" timestamp with time zone,
	"sla_gen" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"policy" jsonb,
	"step" integer DEFAULT 0 NOT NULL,
	"next_step_at" timestamp with time zone,
	"unreached_at" timestamp with time zone,
	"claimed_by" text,
	"claimed_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"root_cause" jsonb,
	"prevention" text,
	"followup" jsonb,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	"events" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "complaint_settings" ADD CONSTRAINT "complaint_settings_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "complaints_team_source" ON "complaints" USING btree ("team_id","source");--> statement-breakpoint
CREATE INDEX "complaints_team_created" ON "complaints" USING btree ("team_id","created_at");--> statement-breakpoint
CREATE INDEX "complaints_team_open" ON "complaints" USING btree ("team_id") WHERE "complaints"."closed_at" is null;