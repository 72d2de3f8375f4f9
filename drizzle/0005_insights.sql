CREATE TABLE "insight_buyer_days" (
	"buyer_id" text NOT NULL,
	"day" date NOT NULL,
	"orders" integer DEFAULT 0 NOT NULL,
	"cancel_requests" integer DEFAULT 0 NOT NULL,
	"cancellations" integer DEFAULT 0 NOT NULL,
	"cases_opened" integer DEFAULT 0 NOT NULL,
	"cases_remorse" integer DEFAULT 0 NOT NULL,
	"cases_granted" integer DEFAULT 0 NOT NULL,
	"cases_denied" integer DEFAULT 0 NOT NULL,
	"cases_settled" integer DEFAULT 0 NOT NULL,
	"cases_withdrawn" integer DEFAULT 0 NOT NULL,
	"cases_abandoned" integer DEFAULT 0 NOT NULL,
	"returns" integer DEFAULT 0 NOT NULL,
	"returns_not_shipped" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "insight_buyer_days_buyer_id_day_pk" PRIMARY KEY("buyer_id","day")
);
--> statement-breakpoint
CREATE TABLE "insight_cases" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"seller_id" text NOT NULL,
	"buyer_id" text NOT NULL,
	"reason" text NOT NULL,
	"remorse" boolean NOT NULL,
	"category" text NOT NULL,
	"claimed_amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"amount_band" integer NOT NULL,
	"evidence_kinds" jsonb NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"respond_by" timestamp with time zone NOT NULL,
	"responded_at" timestamp with time zone,
	"response_counted" boolean NOT NULL,
	"escalated_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"outcome" text,
	"fault" text,
	"funding" text,
	"rationale" text,
	"refunded" bigint NOT NULL,
	"closed_at" timestamp with time zone,
	"close_reason" text,
	"counts_against_seller" boolean,
	"reputation_reason" text
);
--> statement-breakpoint
CREATE TABLE "insight_categories" (
	"category" text PRIMARY KEY NOT NULL,
	"orders" integer DEFAULT 0 NOT NULL,
	"cases" integer DEFAULT 0 NOT NULL,
	"nad" integer DEFAULT 0 NOT NULL,
	"returns" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insight_evidence" (
	"sha256" text NOT NULL,
	"case_id" uuid NOT NULL,
	"added_by_role" text NOT NULL,
	"added_by_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "insight_evidence_sha256_case_id_pk" PRIMARY KEY("sha256","case_id")
);
--> statement-breakpoint
CREATE TABLE "insight_evidence_hashes" (
	"sha256" text PRIMARY KEY NOT NULL,
	"cases" integer DEFAULT 0 NOT NULL,
	"last_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insight_facts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"metric" text NOT NULL,
	"seller_id" text NOT NULL,
	"buyer_id" text NOT NULL,
	"day" date NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"order_id" uuid NOT NULL,
	"case_id" uuid,
	"cancellation_id" uuid,
	"counted" boolean NOT NULL,
	"reason" text NOT NULL,
	"detail" text
);
--> statement-breakpoint
CREATE TABLE "insight_listing_attributes" (
	"category" text NOT NULL,
	"attribute" text NOT NULL,
	"value" text NOT NULL,
	"orders" integer DEFAULT 0 NOT NULL,
	"nad" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "insight_listing_attributes_category_attribute_value_pk" PRIMARY KEY("category","attribute","value")
);
--> statement-breakpoint
CREATE TABLE "insight_listings" (
	"listing_id" text PRIMARY KEY NOT NULL,
	"seller_id" text NOT NULL,
	"category" text NOT NULL,
	"title" text NOT NULL,
	"orders" integer DEFAULT 0 NOT NULL,
	"cases" integer DEFAULT 0 NOT NULL,
	"nad" integer DEFAULT 0 NOT NULL,
	"returns" integer DEFAULT 0 NOT NULL,
	"nad_wilson" double precision DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insight_orders" (
	"order_id" uuid PRIMARY KEY NOT NULL,
	"seller_id" text NOT NULL,
	"buyer_id" text NOT NULL,
	"purchased_at" timestamp with time zone NOT NULL,
	"ship_by" timestamp with time zone NOT NULL,
	"estimated_delivery_at" timestamp with time zone NOT NULL,
	"currency" text NOT NULL,
	"total" bigint NOT NULL,
	"category" text NOT NULL,
	"lines" jsonb NOT NULL,
	"shipped_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_requested_by" text,
	"cancel_reason" text,
	"nad_lines" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insight_seller_days" (
	"seller_id" text NOT NULL,
	"day" date NOT NULL,
	"orders" integer DEFAULT 0 NOT NULL,
	"shipped" integer DEFAULT 0 NOT NULL,
	"shipped_late" integer DEFAULT 0 NOT NULL,
	"shipped_valid_tracking" integer DEFAULT 0 NOT NULL,
	"delivered" integer DEFAULT 0 NOT NULL,
	"delivered_on_time" integer DEFAULT 0 NOT NULL,
	"cancellations" integer DEFAULT 0 NOT NULL,
	"cancellations_seller_fault" integer DEFAULT 0 NOT NULL,
	"cases_opened" integer DEFAULT 0 NOT NULL,
	"cases_closed" integer DEFAULT 0 NOT NULL,
	"cases_counting" integer DEFAULT 0 NOT NULL,
	"cases_escalated_closed" integer DEFAULT 0 NOT NULL,
	"cases_lost_after_escalation" integer DEFAULT 0 NOT NULL,
	"responses" integer DEFAULT 0 NOT NULL,
	"responses_on_time" integer DEFAULT 0 NOT NULL,
	"responses_missed" integer DEFAULT 0 NOT NULL,
	"response_minutes" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "insight_seller_days_seller_id_day_pk" PRIMARY KEY("seller_id","day")
);
--> statement-breakpoint
CREATE TABLE "insight_seller_months" (
	"seller_id" text NOT NULL,
	"month" date NOT NULL,
	"shipped" integer DEFAULT 0 NOT NULL,
	"shipped_late" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "insight_seller_months_seller_id_month_pk" PRIMARY KEY("seller_id","month")
);
--> statement-breakpoint
CREATE TABLE "insight_seller_reason_days" (
	"seller_id" text NOT NULL,
	"day" date NOT NULL,
	"metric" text NOT NULL,
	"counted" boolean NOT NULL,
	"reason" text NOT NULL,
	"facts" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "insight_seller_reason_days_seller_id_day_metric_counted_reason_pk" PRIMARY KEY("seller_id","day","metric","counted","reason")
);
--> statement-breakpoint
CREATE INDEX "insight_buyer_days_active_idx" ON "insight_buyer_days" USING btree ("day") WHERE "insight_buyer_days"."cancellations" + "insight_buyer_days"."cases_opened" + "insight_buyer_days"."cases_denied" + "insight_buyer_days"."returns" + "insight_buyer_days"."returns_not_shipped" > 0;--> statement-breakpoint
CREATE INDEX "insight_cases_decided_reason_idx" ON "insight_cases" USING btree ("reason","closed_at") WHERE "insight_cases"."outcome" is not null and "insight_cases"."closed_at" is not null;--> statement-breakpoint
CREATE INDEX "insight_cases_decided_category_idx" ON "insight_cases" USING btree ("category","closed_at") WHERE "insight_cases"."outcome" is not null and "insight_cases"."closed_at" is not null;--> statement-breakpoint
CREATE INDEX "insight_evidence_case_idx" ON "insight_evidence" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "insight_evidence_party_idx" ON "insight_evidence" USING btree ("added_by_id");--> statement-breakpoint
CREATE INDEX "insight_evidence_hashes_reused_idx" ON "insight_evidence_hashes" USING btree ("last_at") WHERE "insight_evidence_hashes"."cases" > 1;--> statement-breakpoint
CREATE INDEX "insight_facts_seller_idx" ON "insight_facts" USING btree ("seller_id","metric","counted","day");--> statement-breakpoint
CREATE INDEX "insight_facts_buyer_idx" ON "insight_facts" USING btree ("buyer_id","metric","day");--> statement-breakpoint
CREATE INDEX "insight_listings_nad_wilson_idx" ON "insight_listings" USING btree ("nad_wilson");--> statement-breakpoint
CREATE INDEX "insight_orders_open_idx" ON "insight_orders" USING btree ("ship_by") WHERE "insight_orders"."shipped_at" is null and "insight_orders"."cancelled_at" is null;