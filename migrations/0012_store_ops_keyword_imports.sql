CREATE TABLE "keyword_imports" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" bigint NOT NULL,
	"source" text NOT NULL,
	"file_name" text NOT NULL,
	"requested_by" text NOT NULL,
	"status" text NOT NULL,
	"counts" jsonb NOT NULL,
	"inserted" integer,
	"replaced" integer,
	"done_by" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "ops" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "keyword_imports" ADD CONSTRAINT "keyword_imports_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "keyword_imports_source" ON "keyword_imports" USING btree ("team_id","source");