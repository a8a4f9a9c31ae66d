CREATE TABLE "keyword_counts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" bigint NOT NULL,
	"store_id" bigint DEFAULT 0 NOT NULL,
	"keyword" text NOT NULL,
	"day" date NOT NULL,
	"hour" smallint DEFAULT -1 NOT NULL,
	"count" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "keyword_warnings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" bigint NOT NULL,
	"store_id" bigint DEFAULT 0 NOT NULL,
	"keyword" text NOT NULL,
	"day" date NOT NULL,
	"state" text NOT NULL,
	"ratio" double precision NOT NULL,
	"count" integer NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"card_hash" text NOT NULL,
	"fired_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "keyword_counts" ADD CONSTRAINT "keyword_counts_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keyword_warnings" ADD CONSTRAINT "keyword_warnings_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "keyword_counts_key" ON "keyword_counts" USING btree ("team_id","store_id","keyword","day","hour");--> statement-breakpoint
CREATE UNIQUE INDEX "keyword_warnings_key" ON "keyword_warnings" USING btree ("team_id","store_id","keyword","day");