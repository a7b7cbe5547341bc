CREATE TABLE "door_to_door_visit" (
	"task_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"result" varchar(16) NOT NULL,
	"note" text,
	"at" timestamp with time zone NOT NULL,
	"command_id" uuid NOT NULL,
	"by_user_id" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "door_to_door_visit_task_id_household_id_pk" PRIMARY KEY("task_id","household_id")
);
--> statement-breakpoint
CREATE TABLE "household" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"grid_id" uuid NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"label" text NOT NULL,
	"head_name" text NOT NULL,
	"phone" varchar(32),
	"members" integer,
	"vulnerable" boolean DEFAULT false NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "patrol" (
	"id" uuid PRIMARY KEY NOT NULL,
	"grid_id" uuid NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"user_id" uuid NOT NULL,
	"person_id" uuid,
	"worker_name" text NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"result" varchar(16),
	"note" text,
	"finish_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "patrol_check_in" (
	"id" uuid PRIMARY KEY NOT NULL,
	"patrol_id" uuid NOT NULL,
	"risk_point_id" uuid,
	"lon" double precision,
	"lat" double precision,
	"accuracy_m" double precision,
	"result" varchar(16) NOT NULL,
	"hazard_id" uuid,
	"note" text,
	"at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_command" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid,
	"device_id" varchar(64) NOT NULL,
	"kind" varchar(32) NOT NULL,
	"payload" jsonb NOT NULL,
	"device_at" timestamp with time zone NOT NULL,
	"skew_ms" bigint,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"outcome" varchar(16) NOT NULL,
	"code" varchar(64),
	"entity_id" uuid,
	"reference" text
);
--> statement-breakpoint
ALTER TABLE "door_to_door_visit" ADD CONSTRAINT "door_to_door_visit_task_id_warning_task_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."warning_task"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "door_to_door_visit" ADD CONSTRAINT "door_to_door_visit_household_id_household_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."household"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household" ADD CONSTRAINT "household_grid_id_grid_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grid"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patrol" ADD CONSTRAINT "patrol_grid_id_grid_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grid"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patrol_check_in" ADD CONSTRAINT "patrol_check_in_patrol_id_patrol_id_fk" FOREIGN KEY ("patrol_id") REFERENCES "public"."patrol"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "household_grid_label_key" ON "household" USING btree ("grid_id","label");--> statement-breakpoint
CREATE INDEX "household_region_idx" ON "household" USING btree ("region_code" varchar_pattern_ops);--> statement-breakpoint
CREATE INDEX "patrol_region_idx" ON "patrol" USING btree ("region_code" varchar_pattern_ops);--> statement-breakpoint
CREATE INDEX "patrol_user_idx" ON "patrol" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "patrol_check_in_patrol_idx" ON "patrol_check_in" USING btree ("patrol_id");--> statement-breakpoint
CREATE INDEX "sync_command_user_idx" ON "sync_command" USING btree ("user_id","received_at");