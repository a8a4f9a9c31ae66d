CREATE TABLE "risk_orders" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" bigint NOT NULL,
	"order_id" text NOT NULL,
	"store_id" bigint NOT NULL,
	"store_name" text NOT NULL,
	"buyer" text,
	"amount" double precision,
	"region" text,
	"logistics_at" timestamp with time zone,
	"delivered" boolean DEFAULT false NOT NULL,
	"buyer_refunds" integer,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"warned_at" timestamp with time zone,
	"status" text DEFAULT 'open' NOT NULL,
	"policy" jsonb,
	"step" integer DEFAULT 0 NOT NULL,
	"next_step_at" timestamp with time zone,
	"unreached_at" timestamp with time zone,
	"claimed_by" text,
	"claimed_at" timestamp with time zone,
	"outcome" text,
	"outcome_by" text,
	"outcome_at" timestamp with time zone,
	"complaint_id" bigint,
	"closed_at" timestamp with time zone,
	"events" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_settings" (
	"team_id" bigint PRIMARY KEY NOT NULL,
	"rules" jsonb NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "attributes" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "risk_orders" ADD CONSTRAINT "risk_orders_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_orders" ADD CONSTRAINT "risk_orders_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_settings" ADD CONSTRAINT "risk_settings_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "risk_orders_team_order" ON "risk_orders" USING btree ("team_id","order_id");--> statement-breakpoint
CREATE INDEX "risk_orders_team_warned" ON "risk_orders" USING btree ("team_id","warned_at");--> statement-breakpoint
CREATE INDEX "risk_orders_team_open" ON "risk_orders" USING btree ("team_id") WHERE "risk_orders"."warned_at" is not null and "risk_orders"."closed_at" is null;