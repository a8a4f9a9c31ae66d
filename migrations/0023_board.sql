CREATE TABLE "board_keys" (
	"team_id" bigint PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "board_keys" ADD CONSTRAINT "board_keys_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;