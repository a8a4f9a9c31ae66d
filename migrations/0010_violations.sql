CREATE TABLE "violations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" bigint NOT NULL,
	"source" text NOT NULL,
	"store_id" bigint NOT NULL,
	"store_name" text NOT NULL,
	"kind" text NOT NULL,
	"points" double precision,
	"amount" double precision,
	"description" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"reported_by" text,
	"severe" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"policy" jsonb,
	"step" integer DEFAULT 0 NOT NULL,
	"next_step_at" timestamp with time zone,
	"unreached_at" timestamp with time zone,
	"claimed_by" text,
	"claimed_at" timestamp with time zone,
	"events" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "violations" ADD CONSTRAINT "violations_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "violations" ADD CONSTRAINT "violations_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "violations_team_source" ON "violations" USING btree ("team_id","source");