CREATE TABLE "case_queue" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"priority_rank" integer NOT NULL,
	"decision_due_at" timestamp with time zone NOT NULL,
	"assigned_agent_id" text,
	"reason" text NOT NULL,
	"claimed_amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "case_queue_order_idx" ON "case_queue" USING btree ("priority_rank","decision_due_at","case_id");