CREATE TABLE "team_schedules" (
	"team_id" bigint NOT NULL,
	"key" text NOT NULL,
	"minute_of_day" smallint,
	"weekdays" jsonb,
	"enabled" boolean DEFAULT true NOT NULL,
	"updated_by" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "team_schedules_team_id_key_pk" PRIMARY KEY("team_id","key")
);
--> statement-breakpoint
ALTER TABLE "team_schedules" ADD CONSTRAINT "team_schedules_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;