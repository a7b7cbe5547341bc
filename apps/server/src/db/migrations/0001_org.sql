CREATE TABLE "duty_shift" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"duty_date" date NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"leader_person_id" uuid,
	"staff_person_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"notes" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "duty_shift_times_check" CHECK ("duty_shift"."starts_at" < "duty_shift"."ends_at")
);
--> statement-breakpoint
CREATE TABLE "duty_template" (
	"region_code" varchar(12) NOT NULL,
	"post_kind" varchar(32) NOT NULL,
	"lines" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "duty_template_region_code_post_kind_pk" PRIMARY KEY("region_code","post_kind")
);
--> statement-breakpoint
CREATE TABLE "expert" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"name" text NOT NULL,
	"specialty" text NOT NULL,
	"sector" text NOT NULL,
	"organisation" text,
	"mobile" varchar(16) NOT NULL,
	"landline" varchar(32),
	"availability" varchar(16) NOT NULL,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grid" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"name" text NOT NULL,
	"kind" varchar(32) NOT NULL,
	"households" integer,
	"residents" integer,
	"boundary" jsonb,
	"centre_lon" double precision,
	"centre_lat" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"name" text NOT NULL,
	"mobile" varchar(16) NOT NULL,
	"landline" varchar(32),
	"notes" text,
	"user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "post" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"kind" varchar(32) NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"grid_id" uuid,
	"title" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "region_profile" (
	"region_code" varchar(12) PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"households" integer,
	"residents" integer,
	"duty_phone" varchar(32),
	"is_community" boolean,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staffing_rules" (
	"region_code" varchar(12) PRIMARY KEY NOT NULL,
	"override" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "duty_shift" ADD CONSTRAINT "duty_shift_region_code_region_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."region"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_shift" ADD CONSTRAINT "duty_shift_leader_person_id_person_id_fk" FOREIGN KEY ("leader_person_id") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_template" ADD CONSTRAINT "duty_template_region_code_region_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."region"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid" ADD CONSTRAINT "grid_region_code_region_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."region"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person" ADD CONSTRAINT "person_region_code_region_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."region"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person" ADD CONSTRAINT "person_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post" ADD CONSTRAINT "post_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post" ADD CONSTRAINT "post_region_code_region_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."region"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post" ADD CONSTRAINT "post_grid_id_grid_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grid"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "region_profile" ADD CONSTRAINT "region_profile_region_code_region_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."region"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staffing_rules" ADD CONSTRAINT "staffing_rules_region_code_region_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."region"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "duty_shift_region_date_key" ON "duty_shift" USING btree ("region_code","duty_date");--> statement-breakpoint
CREATE INDEX "duty_shift_region_time_idx" ON "duty_shift" USING btree ("region_code","starts_at");--> statement-breakpoint
CREATE INDEX "expert_county_idx" ON "expert" USING btree ("county_code","sector");--> statement-breakpoint
CREATE UNIQUE INDEX "grid_region_name_key" ON "grid" USING btree ("region_code","name");--> statement-breakpoint
CREATE INDEX "grid_region_idx" ON "grid" USING btree ("region_code" varchar_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "person_county_mobile_key" ON "person" USING btree ("county_code","mobile");--> statement-breakpoint
CREATE UNIQUE INDEX "person_user_key" ON "person" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "person_region_idx" ON "person" USING btree ("region_code" varchar_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "post_holder_key" ON "post" USING btree ("person_id","kind","region_code",coalesce("grid_id", '00000000-0000-0000-0000-000000000000'::uuid));--> statement-breakpoint
CREATE INDEX "post_region_idx" ON "post" USING btree ("region_code" varchar_pattern_ops,"kind");--> statement-breakpoint
CREATE INDEX "post_grid_idx" ON "post" USING btree ("grid_id");