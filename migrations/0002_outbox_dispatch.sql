ALTER TABLE "outbox" ADD COLUMN "claimed_by" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "error_reason" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "finished_at" timestamp with time zone;