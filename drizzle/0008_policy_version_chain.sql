ALTER TABLE "policy_versions" ADD COLUMN "previous_id" uuid;--> statement-breakpoint
ALTER TABLE "policy_versions" ADD CONSTRAINT "policy_versions_previous_id_key" UNIQUE("previous_id");