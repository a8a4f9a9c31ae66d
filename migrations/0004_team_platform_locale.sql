DROP INDEX "teams_tenant_chat";--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "platform" text DEFAULT 'feishu' NOT NULL;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "locale" text;--> statement-breakpoint
CREATE UNIQUE INDEX "teams_platform_tenant_chat" ON "teams" USING btree ("platform","tenant_key","chat_id");