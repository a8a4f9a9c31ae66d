ALTER TABLE "outbox" ADD COLUMN "lane" text GENERATED ALWAYS AS (coalesce(case kind
  when 'send' then coalesce('chat:' || (target->>'chatId'), 'user:' || (target->>'openId'))
  when 'reply' then coalesce('chat:' || (target->>'chatId'), 'reply:' || (target->>'messageId'))
  when 'patch' then coalesce('msg:' || (target->>'messageId'), 'ref:' || (target->>'ref'))
end, 'row:' || id::text)) STORED;--> statement-breakpoint
CREATE INDEX "outbox_lane" ON "outbox" USING btree ("lane","priority","due_at","id") WHERE "outbox"."status" = 'pending';