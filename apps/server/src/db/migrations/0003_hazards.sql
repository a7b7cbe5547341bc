CREATE SEQUENCE "public"."hazard_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "attachment" (
	"id" uuid PRIMARY KEY NOT NULL,
	"sha256" varchar(64) NOT NULL,
	"media_type" varchar(64) NOT NULL,
	"bytes" integer NOT NULL,
	"width" integer,
	"height" integer,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hazard" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" varchar(20) NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"grid_id" uuid,
	"unit_id" uuid,
	"risk_point_id" uuid,
	"origin" varchar(32) NOT NULL,
	"kind" varchar(32) NOT NULL,
	"sector" varchar(32) NOT NULL,
	"grade" varchar(16) NOT NULL,
	"standard_code" varchar(32),
	"title" text NOT NULL,
	"description" text,
	"lon" double precision,
	"lat" double precision,
	"address" text,
	"photo_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"state" varchar(16) NOT NULL,
	"state_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finder_id" uuid,
	"finder_name" text NOT NULL,
	"fixed_on_spot" boolean DEFAULT false NOT NULL,
	"responsible_person_id" uuid,
	"responsible_name" text,
	"responsible_phone" varchar(32),
	"deadline" date,
	"measures" text,
	"temporary_measures" text,
	"funds_yuan" double precision,
	"acceptance_standard" text,
	"accepter_person_id" uuid,
	"assigned_at" timestamp with time zone,
	"assigned_by_id" uuid,
	"assigned_by_name" text,
	"treatment_plan" jsonb,
	"rectified_at" timestamp with time zone,
	"rectified_by_id" uuid,
	"rectified_by_name" text,
	"rectification_note" text,
	"rectification_photo_ids" uuid[],
	"accepted_at" timestamp with time zone,
	"accepted_by_id" uuid,
	"accepted_by_name" text,
	"acceptance_note" text,
	"closed_at" timestamp with time zone,
	"closed_by_id" uuid,
	"closed_by_name" text,
	"closure_note" text,
	"reject_reason" text,
	"merged_into_id" uuid,
	"owner_department" text,
	"supervision_level" smallint DEFAULT 0 NOT NULL,
	"reported_to_county_at" timestamp with time zone,
	"public_report_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hazard_settings" (
	"region_code" varchar(12) PRIMARY KEY NOT NULL,
	"override" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"inspected_on" date NOT NULL,
	"inspectors" text[] NOT NULL,
	"unannounced" boolean DEFAULT false NOT NULL,
	"random_draw_id" uuid,
	"checklist" jsonb NOT NULL,
	"summary" text,
	"hazard_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_by_id" uuid,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"user_id" uuid,
	"person_id" uuid,
	"office_region_code" varchar(12),
	"department" text,
	"kind" varchar(32) NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"entity" varchar(32) NOT NULL,
	"entity_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "public_report" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"receipt_code" varchar(9) NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"description" text NOT NULL,
	"lon" double precision,
	"lat" double precision,
	"address" text,
	"phone" varchar(32),
	"photo_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"ip_hash" varchar(64) NOT NULL,
	"state" varchar(16) DEFAULT 'received' NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reviewed_by_id" uuid,
	"reviewed_by_name" text,
	"reviewed_at" timestamp with time zone,
	"reason" text,
	"hazard_id" uuid,
	"reward_yuan" integer
);
--> statement-breakpoint
CREATE TABLE "random_draw" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"seed" text NOT NULL,
	"filters" jsonb NOT NULL,
	"pool_ids" uuid[] NOT NULL,
	"unit_ids" uuid[] NOT NULL,
	"inspector_pool" uuid[] NOT NULL,
	"inspector_ids" uuid[] NOT NULL,
	"drawn_by_id" uuid,
	"drawn_by_name" text NOT NULL,
	"drawn_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "summons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hazard_id" uuid NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"sector" varchar(32) NOT NULL,
	"department" text NOT NULL,
	"state" varchar(16) NOT NULL,
	"note" text NOT NULL,
	"summoned_by_id" uuid,
	"summoned_by_name" text NOT NULL,
	"summoned_at" timestamp with time zone DEFAULT now() NOT NULL,
	"respond_by" timestamp with time zone NOT NULL,
	"responded_by_id" uuid,
	"responded_by_name" text,
	"responded_at" timestamp with time zone,
	"reason" text,
	"transferred_to" text,
	"escalated_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "app_user" ADD COLUMN "department" text;--> statement-breakpoint
ALTER TABLE "hazard" ADD CONSTRAINT "hazard_region_code_region_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."region"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard" ADD CONSTRAINT "hazard_grid_id_grid_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grid"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard" ADD CONSTRAINT "hazard_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard" ADD CONSTRAINT "hazard_risk_point_id_risk_point_id_fk" FOREIGN KEY ("risk_point_id") REFERENCES "public"."risk_point"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard" ADD CONSTRAINT "hazard_responsible_person_id_person_id_fk" FOREIGN KEY ("responsible_person_id") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard" ADD CONSTRAINT "hazard_accepter_person_id_person_id_fk" FOREIGN KEY ("accepter_person_id") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_settings" ADD CONSTRAINT "hazard_settings_region_code_region_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."region"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection" ADD CONSTRAINT "inspection_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "public_report" ADD CONSTRAINT "public_report_region_code_region_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."region"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "summons" ADD CONSTRAINT "summons_hazard_id_hazard_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazard"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachment_sha256_idx" ON "attachment" USING btree ("sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "hazard_number_key" ON "hazard" USING btree ("number");--> statement-breakpoint
CREATE INDEX "hazard_region_idx" ON "hazard" USING btree ("region_code" varchar_pattern_ops,"created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "hazard_deadline_idx" ON "hazard" USING btree ("deadline") WHERE "hazard"."state" in ('assigned', 'rectifying');--> statement-breakpoint
CREATE INDEX "hazard_unit_idx" ON "hazard" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "hazard_grid_idx" ON "hazard" USING btree ("grid_id");--> statement-breakpoint
CREATE INDEX "hazard_responsible_idx" ON "hazard" USING btree ("responsible_person_id");--> statement-breakpoint
CREATE INDEX "hazard_accepter_idx" ON "hazard" USING btree ("accepter_person_id");--> statement-breakpoint
CREATE INDEX "hazard_major_idx" ON "hazard" USING btree ("county_code","created_at") WHERE "hazard"."grade" = 'major';--> statement-breakpoint
CREATE INDEX "inspection_region_idx" ON "inspection" USING btree ("region_code" varchar_pattern_ops,"inspected_on");--> statement-breakpoint
CREATE INDEX "inspection_unit_idx" ON "inspection" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "notification_user_idx" ON "notification" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "notification_person_idx" ON "notification" USING btree ("person_id","created_at");--> statement-breakpoint
CREATE INDEX "notification_office_idx" ON "notification" USING btree ("office_region_code","created_at");--> statement-breakpoint
CREATE INDEX "notification_department_idx" ON "notification" USING btree ("county_code","department","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "public_report_receipt_key" ON "public_report" USING btree ("receipt_code");--> statement-breakpoint
CREATE INDEX "public_report_ip_idx" ON "public_report" USING btree ("ip_hash","submitted_at");--> statement-breakpoint
CREATE INDEX "public_report_region_idx" ON "public_report" USING btree ("region_code" varchar_pattern_ops,"submitted_at");--> statement-breakpoint
CREATE INDEX "random_draw_region_idx" ON "random_draw" USING btree ("region_code" varchar_pattern_ops,"drawn_at");--> statement-breakpoint
CREATE INDEX "summons_hazard_idx" ON "summons" USING btree ("hazard_id","summoned_at");--> statement-breakpoint
CREATE INDEX "summons_department_idx" ON "summons" USING btree ("county_code","department","state");--> statement-breakpoint
CREATE INDEX "summons_due_idx" ON "summons" USING btree ("respond_by") WHERE "summons"."state" = 'pending';