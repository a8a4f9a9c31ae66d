-- escalation_policies: one row per (team, subject), the policy as jsonb. Existing rows were the
-- store-anomaly ladder's timing: they become subject 'anomaly' with that ladder as steps (the
-- shape of ladderPolicy() in src/escalation/policy.ts).
ALTER TABLE "escalation_policies" ADD COLUMN "subject" text;--> statement-breakpoint
ALTER TABLE "escalation_policies" ADD COLUMN "policy" jsonb;--> statement-breakpoint
UPDATE "escalation_policies" SET "subject" = 'anomaly', "policy" = jsonb_build_object(
	'steps', jsonb_build_array(
		jsonb_build_object('delayMs', "first_delay_ms", 'targets', '[{"who":"primary"}]'::jsonb, 'channels', '["phone","app"]'::jsonb),
		jsonb_build_object('delayMs', "interval_ms", 'targets', '[{"who":"backup"},{"who":"primary"}]'::jsonb, 'channels', '["phone","app"]'::jsonb),
		jsonb_build_object('delayMs', "interval_ms", 'targets', '[{"who":"supervisors"}]'::jsonb, 'channels', '["phone","app"]'::jsonb, 'rounds', "supervisor_rounds", 'intervalMs', "interval_ms")
	),
	'unreachedAfterMs', "interval_ms",
	'claimReminderMs', "claim_reminder_ms"
);--> statement-breakpoint
ALTER TABLE "escalation_policies" ALTER COLUMN "subject" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "escalation_policies" ALTER COLUMN "policy" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "escalation_policies" DROP CONSTRAINT "escalation_policies_pkey";--> statement-breakpoint
ALTER TABLE "escalation_policies" ADD CONSTRAINT "escalation_policies_team_subject" PRIMARY KEY("team_id","subject");--> statement-breakpoint
ALTER TABLE "escalation_policies" DROP COLUMN "first_delay_ms";--> statement-breakpoint
ALTER TABLE "escalation_policies" DROP COLUMN "interval_ms";--> statement-breakpoint
ALTER TABLE "escalation_policies" DROP COLUMN "supervisor_rounds";--> statement-breakpoint
ALTER TABLE "escalation_policies" DROP COLUMN "claim_reminder_ms";
