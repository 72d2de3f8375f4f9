CREATE TABLE "swap_labels" (
	"swap_id" uuid NOT NULL,
	"leg" text NOT NULL,
	"case_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"rma" text NOT NULL,
	"label_id" text NOT NULL,
	"provider" text NOT NULL,
	"carrier" text NOT NULL,
	"tracking_number" text NOT NULL,
	"cost" bigint NOT NULL,
	"currency" text NOT NULL,
	"ship_from" jsonb NOT NULL,
	"ship_to" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "swap_labels_swap_id_leg_pk" PRIMARY KEY("swap_id","leg"),
	CONSTRAINT "swap_labels_case_id_unique" UNIQUE("case_id"),
	CONSTRAINT "swap_labels_rma_unique" UNIQUE("rma"),
	CONSTRAINT "swap_labels_label_id_unique" UNIQUE("label_id")
);
--> statement-breakpoint
CREATE INDEX "swap_labels_tracking_idx" ON "swap_labels" USING btree ("tracking_number");