CREATE TABLE "mood_cares" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" bigint NOT NULL,
	"member_id" bigint NOT NULL,
	"entry_id" bigint NOT NULL,
	"recipients" jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"repeated" integer DEFAULT 0 NOT NULL,
	"steps" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"cover" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"policy" jsonb NOT NULL,
	"step" integer DEFAULT 0 NOT NULL,
	"next_step_at" timestamp with time zone,
	"unreached_at" timestamp with time zone,
	"acked_by" text,
	"acked_at" timestamp with time zone,
	"closed_by" text,
	"closed_at" timestamp with time zone,
	"events" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mood_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" bigint NOT NULL,
	"member_id" bigint NOT NULL,
	"level" integer NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mood_leaders" (
	"member_id" bigint PRIMARY KEY NOT NULL,
	"team_id" bigint NOT NULL,
	"leader_open_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mood_settings" (
	"team_id" bigint PRIMARY KEY NOT NULL,
	"prompt_minutes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_by" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "store_agents" (
	"store_id" bigint NOT NULL,
	"member_id" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "store_agents_store_id_member_id_pk" PRIMARY KEY("store_id","member_id")
);
--> statement-breakpoint
ALTER TABLE "mood_cares" ADD CONSTRAINT "mood_cares_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mood_cares" ADD CONSTRAINT "mood_cares_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mood_cares" ADD CONSTRAINT "mood_cares_entry_id_mood_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."mood_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mood_entries" ADD CONSTRAINT "mood_entries_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mood_entries" ADD CONSTRAINT "mood_entries_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mood_leaders" ADD CONSTRAINT "mood_leaders_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mood_leaders" ADD CONSTRAINT "mood_leaders_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mood_settings" ADD CONSTRAINT "mood_settings_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_agents" ADD CONSTRAINT "store_agents_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_agents" ADD CONSTRAINT "store_agents_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mood_cares_team_open" ON "mood_cares" USING btree ("team_id") WHERE "mood_cares"."status" <> 'resolved';--> statement-breakpoint
CREATE INDEX "mood_cares_member" ON "mood_cares" USING btree ("member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mood_entries_team_source" ON "mood_entries" USING btree ("team_id","source");--> statement-breakpoint
CREATE INDEX "mood_entries_member_at" ON "mood_entries" USING btree ("member_id","created_at");--> statement-breakpoint
CREATE INDEX "mood_entries_team_at" ON "mood_entries" USING btree ("team_id","created_at");--> statement-breakpoint
CREATE INDEX "mood_leaders_team" ON "mood_leaders" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "store_agents_member" ON "store_agents" USING btree ("member_id");