CREATE TABLE "unread_notice_windows" (
	"team_id" bigint NOT NULL,
	"who" text NOT NULL,
	"quiet_from" timestamp with time zone NOT NULL,
	"gathering" boolean DEFAULT false NOT NULL,
	"seq" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "unread_notice_windows_team_who" PRIMARY KEY("team_id","who")
);
--> statement-breakpoint
CREATE TABLE "unread_refusals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" bigint NOT NULL,
	"who" text NOT NULL,
	"source" text NOT NULL,
	"label" text NOT NULL,
	"subject_id" bigint,
	"alone" text NOT NULL,
	"mention" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"told_at" timestamp with time zone,
	CONSTRAINT "unread_refusals_source_unique" UNIQUE("source")
);
--> statement-breakpoint
ALTER TABLE "unread_notice_windows" ADD CONSTRAINT "unread_notice_windows_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unread_refusals" ADD CONSTRAINT "unread_refusals_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "unread_refusals_untold" ON "unread_refusals" USING btree ("team_id","who","id") WHERE "unread_refusals"."told_at" is null;--> statement-breakpoint
CREATE INDEX "unread_refusals_team_who" ON "unread_refusals" USING btree ("team_id","who","created_at");