CREATE TABLE "refunds" (
	"refund_id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"buyer_id" text NOT NULL,
	"seller_id" text NOT NULL,
	"refund_key" text NOT NULL,
	"status" text NOT NULL,
	"amount" bigint NOT NULL,
	"to_card" bigint NOT NULL,
	"to_credit" bigint NOT NULL,
	"currency" text NOT NULL,
	"destination" text NOT NULL,
	"funding" text NOT NULL,
	"reason" text NOT NULL,
	"attempt" integer NOT NULL,
	"provider_reference" text,
	"failure_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "replacement_shipments" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"replacement_key" text NOT NULL,
	"carrier" text NOT NULL,
	"tracking_number" text NOT NULL,
	"shipped_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "return_labels" (
	"return_id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"return_key" text NOT NULL,
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
	CONSTRAINT "return_labels_return_key_unique" UNIQUE("return_key"),
	CONSTRAINT "return_labels_rma_unique" UNIQUE("rma"),
	CONSTRAINT "return_labels_label_id_unique" UNIQUE("label_id")
);
--> statement-breakpoint
CREATE TABLE "seller_balances" (
	"seller_id" text PRIMARY KEY NOT NULL,
	"payable" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "refunds_status_idx" ON "refunds" USING btree ("status","created_at","refund_id");--> statement-breakpoint
CREATE INDEX "refunds_order_idx" ON "refunds" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "return_labels_case_idx" ON "return_labels" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "return_labels_tracking_idx" ON "return_labels" USING btree ("tracking_number");