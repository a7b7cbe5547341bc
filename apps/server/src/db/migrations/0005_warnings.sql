CREATE TABLE "call_plan" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"level" varchar(8) NOT NULL,
	"event_type" varchar(8) NOT NULL,
	"auto_dispatch" boolean NOT NULL,
	"steps" jsonb NOT NULL,
	"updated_by_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warning" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"origin" varchar(16) NOT NULL,
	"state" varchar(16) DEFAULT 'active' NOT NULL,
	"parent_id" uuid,
	"references_id" uuid,
	"format" varchar(16) NOT NULL,
	"identifier" text NOT NULL,
	"sender" text NOT NULL,
	"sent" timestamp with time zone NOT NULL,
	"status" varchar(16) NOT NULL,
	"msg_type" varchar(16) NOT NULL,
	"event" text NOT NULL,
	"event_type" varchar(8),
	"level" varchar(8),
	"headline" text,
	"expires" timestamp with time zone,
	"local_instructions" text,
	"parsed" jsonb NOT NULL,
	"raw_xml" text,
	"target_codes" varchar(12)[] DEFAULT '{}'::varchar[] NOT NULL,
	"target_grid_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"target_prefixes" varchar(12)[] DEFAULT '{}'::varchar[] NOT NULL,
	"call_plan" jsonb,
	"short_code" varchar(4) NOT NULL,
	"dispatched_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "warning_origin_check" CHECK ("warning"."origin" in ('ingested','issued','relayed')),
	CONSTRAINT "warning_state_check" CHECK ("warning"."state" in ('active','updated','cancelled','expired'))
);
--> statement-breakpoint
CREATE TABLE "warning_ack" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"warning_id" uuid NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"person_id" uuid NOT NULL,
	"step" smallint NOT NULL,
	"post_kind" varchar(32) NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"township_code" varchar(12) NOT NULL,
	"village_code" varchar(12),
	"grid_id" uuid,
	"name" text NOT NULL,
	"mobile" varchar(16) NOT NULL,
	"state" varchar(16) NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"channels_used" smallint DEFAULT 0 NOT NULL,
	"next_at" timestamp with time zone,
	"reached_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"answer_channel" varchar(8),
	"late" boolean DEFAULT false NOT NULL,
	"escalated_at" timestamp with time zone,
	"relayed_by" varchar(16)[],
	"households_told" integer,
	"people_moved" integer,
	"actions_note" text,
	"actions_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "warning_delivery" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"warning_id" uuid NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"ack_id" uuid,
	"escalation_id" uuid,
	"person_id" uuid,
	"mobile" varchar(16) NOT NULL,
	"channel" varchar(8) NOT NULL,
	"body" text NOT NULL,
	"state" varchar(16) DEFAULT 'queued' NOT NULL,
	"gateway_id" varchar(100),
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "warning_escalation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"warning_id" uuid NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"ack_id" uuid NOT NULL,
	"kind" varchar(16) NOT NULL,
	"to_person_id" uuid,
	"task_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warning_task" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"warning_id" uuid NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"grid_id" uuid NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"state" varchar(8) DEFAULT 'open' NOT NULL,
	"done_by_id" uuid,
	"done_at" timestamp with time zone,
	"households_told" integer,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "warning" ADD CONSTRAINT "warning_region_code_region_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."region"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_ack" ADD CONSTRAINT "warning_ack_warning_id_warning_id_fk" FOREIGN KEY ("warning_id") REFERENCES "public"."warning"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_delivery" ADD CONSTRAINT "warning_delivery_warning_id_warning_id_fk" FOREIGN KEY ("warning_id") REFERENCES "public"."warning"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_escalation" ADD CONSTRAINT "warning_escalation_warning_id_warning_id_fk" FOREIGN KEY ("warning_id") REFERENCES "public"."warning"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_task" ADD CONSTRAINT "warning_task_warning_id_warning_id_fk" FOREIGN KEY ("warning_id") REFERENCES "public"."warning"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "call_plan_key" ON "call_plan" USING btree ("county_code","level","event_type");--> statement-breakpoint
CREATE UNIQUE INDEX "warning_identity_key" ON "warning" USING btree ("county_code","sender","identifier");--> statement-breakpoint
CREATE INDEX "warning_county_idx" ON "warning" USING btree ("county_code","created_at");--> statement-breakpoint
CREATE INDEX "warning_parent_idx" ON "warning" USING btree ("parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "warning_ack_person_key" ON "warning_ack" USING btree ("warning_id","person_id");--> statement-breakpoint
CREATE INDEX "warning_ack_due_idx" ON "warning_ack" USING btree ("next_at") WHERE "warning_ack"."next_at" is not null;--> statement-breakpoint
CREATE INDEX "warning_delivery_pending_idx" ON "warning_delivery" USING btree ("created_at") WHERE "warning_delivery"."state" in ('queued','sending');--> statement-breakpoint
CREATE INDEX "warning_delivery_warning_idx" ON "warning_delivery" USING btree ("warning_id");--> statement-breakpoint
CREATE UNIQUE INDEX "warning_delivery_gateway_key" ON "warning_delivery" USING btree ("gateway_id");--> statement-breakpoint
CREATE UNIQUE INDEX "warning_escalation_key" ON "warning_escalation" USING btree ("ack_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "warning_task_grid_key" ON "warning_task" USING btree ("warning_id","grid_id");