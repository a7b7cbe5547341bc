CREATE TABLE "hazard_source" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"unit_id" uuid,
	"name" text NOT NULL,
	"kind" varchar(32) NOT NULL,
	"major" boolean DEFAULT false NOT NULL,
	"major_grade" smallint,
	"substances" text,
	"quantity" text,
	"lon" double precision,
	"lat" double precision,
	"responsible_person" text,
	"responsible_phone" varchar(32),
	"control_measures" text,
	"monitoring" text,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hazard_source_grade_check" CHECK ("hazard_source"."major_grade" is null or ("hazard_source"."major" and "hazard_source"."major_grade" between 1 and 4))
);
--> statement-breakpoint
CREATE TABLE "ledger_settings" (
	"region_code" varchar(12) PRIMARY KEY NOT NULL,
	"override" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_point" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"grid_id" uuid,
	"unit_id" uuid,
	"name" text NOT NULL,
	"kind" varchar(32) NOT NULL,
	"level" varchar(16) NOT NULL,
	"lon" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"area" jsonb,
	"threatened_households" integer,
	"threatened_people" integer,
	"township_person_id" uuid,
	"village_person_id" uuid,
	"grid_person_id" uuid,
	"control_measures" text,
	"monitoring_method" text,
	"next_review_on" date,
	"status" varchar(16) DEFAULT 'active' NOT NULL,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unit" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"name" text NOT NULL,
	"credit_code" varchar(18),
	"address" text,
	"lon" double precision,
	"lat" double precision,
	"sector" varchar(32) NOT NULL,
	"category" varchar(32) NOT NULL,
	"legal_representative" text,
	"safety_contact" text,
	"safety_contact_phone" varchar(32),
	"employees" integer,
	"status" varchar(16) NOT NULL,
	"notes" text,
	"last_inspected_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "region_profile" ADD COLUMN "centre_lon" double precision;--> statement-breakpoint
ALTER TABLE "region_profile" ADD COLUMN "centre_lat" double precision;--> statement-breakpoint
ALTER TABLE "hazard_source" ADD CONSTRAINT "hazard_source_region_code_region_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."region"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_source" ADD CONSTRAINT "hazard_source_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_settings" ADD CONSTRAINT "ledger_settings_region_code_region_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."region"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_point" ADD CONSTRAINT "risk_point_region_code_region_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."region"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_point" ADD CONSTRAINT "risk_point_grid_id_grid_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grid"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_point" ADD CONSTRAINT "risk_point_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_point" ADD CONSTRAINT "risk_point_township_person_id_person_id_fk" FOREIGN KEY ("township_person_id") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_point" ADD CONSTRAINT "risk_point_village_person_id_person_id_fk" FOREIGN KEY ("village_person_id") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_point" ADD CONSTRAINT "risk_point_grid_person_id_person_id_fk" FOREIGN KEY ("grid_person_id") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit" ADD CONSTRAINT "unit_region_code_region_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."region"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "hazard_source_place_name_key" ON "hazard_source" USING btree ("region_code",coalesce("unit_id", '00000000-0000-0000-0000-000000000000'::uuid),"name");--> statement-breakpoint
CREATE INDEX "hazard_source_region_idx" ON "hazard_source" USING btree ("region_code" varchar_pattern_ops,"kind");--> statement-breakpoint
CREATE INDEX "hazard_source_unit_idx" ON "hazard_source" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "risk_point_region_name_key" ON "risk_point" USING btree ("region_code","name");--> statement-breakpoint
CREATE INDEX "risk_point_region_idx" ON "risk_point" USING btree ("region_code" varchar_pattern_ops,"level");--> statement-breakpoint
CREATE INDEX "risk_point_lon_lat_idx" ON "risk_point" USING btree ("county_code","lon","lat");--> statement-breakpoint
CREATE INDEX "risk_point_review_idx" ON "risk_point" USING btree ("next_review_on") WHERE "risk_point"."status" = 'active';--> statement-breakpoint
CREATE INDEX "risk_point_grid_idx" ON "risk_point" USING btree ("grid_id");--> statement-breakpoint
CREATE UNIQUE INDEX "unit_credit_code_key" ON "unit" USING btree ("credit_code");--> statement-breakpoint
CREATE UNIQUE INDEX "unit_region_name_key" ON "unit" USING btree ("region_code","name");--> statement-breakpoint
CREATE INDEX "unit_region_idx" ON "unit" USING btree ("region_code" varchar_pattern_ops,"sector");--> statement-breakpoint
CREATE INDEX "unit_lon_lat_idx" ON "unit" USING btree ("county_code","lon","lat");