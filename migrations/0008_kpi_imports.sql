CREATE TABLE "kpi_imports" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" bigint NOT NULL,
	"source_message_id" text NOT NULL,
	"chat_id" text NOT NULL,
	"requested_by" text NOT NULL,
	"file_message_id" text NOT NULL,
	"file_key" text NOT NULL,
	"file_name" text NOT NULL,
	"size" integer,
	"sha256" text,
	"day" date,
	"store" text,
	"status" text NOT NULL,
	"problem" text,
	"bytes" "bytea",
	"summary" jsonb,
	"previews" integer DEFAULT 0 NOT NULL,
	"inserted" integer,
	"replaced" integer,
	"imported_by" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"imported_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "kpi_imports" ADD CONSTRAINT "kpi_imports_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "kpi_imports_source" ON "kpi_imports" USING btree ("team_id","source_message_id");--> statement-breakpoint
CREATE INDEX "kpi_imports_sha" ON "kpi_imports" USING btree ("team_id","sha256");