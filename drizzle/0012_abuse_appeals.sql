CREATE TABLE "abuse_appeal_standings" (
	"buyer_id" text PRIMARY KEY NOT NULL,
	"appeal_id" uuid NOT NULL,
	"status" text NOT NULL,
	"filed_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by_role" text,
	"decided_by_id" text,
	"rationale" text,
	"cleared" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insight_evidence_near" (
	"sha256" text NOT NULL,
	"case_id" uuid NOT NULL,
	"added_by_role" text NOT NULL,
	"added_by_id" text NOT NULL,
	"other_sha256" text NOT NULL,
	"other_case_id" uuid NOT NULL,
	"distance" integer NOT NULL,
	CONSTRAINT "insight_evidence_near_sha256_case_id_other_sha256_other_case_id_pk" PRIMARY KEY("sha256","case_id","other_sha256","other_case_id")
);
--> statement-breakpoint
CREATE INDEX "insight_evidence_near_party_idx" ON "insight_evidence_near" USING btree ("added_by_id");