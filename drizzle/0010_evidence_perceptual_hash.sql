ALTER TABLE "files" ADD COLUMN "perceptual_hash" text;--> statement-breakpoint
ALTER TABLE "insight_evidence" ADD COLUMN "perceptual_hash" text;--> statement-breakpoint
CREATE INDEX "insight_evidence_hashed_idx" ON "insight_evidence" USING btree ("at") WHERE "insight_evidence"."perceptual_hash" is not null;--> statement-breakpoint
CREATE INDEX "insight_evidence_phash_0_idx" ON "insight_evidence" USING btree (substr("perceptual_hash", 1, 2));--> statement-breakpoint
CREATE INDEX "insight_evidence_phash_1_idx" ON "insight_evidence" USING btree (substr("perceptual_hash", 3, 2));--> statement-breakpoint
CREATE INDEX "insight_evidence_phash_2_idx" ON "insight_evidence" USING btree (substr("perceptual_hash", 5, 2));--> statement-breakpoint
CREATE INDEX "insight_evidence_phash_3_idx" ON "insight_evidence" USING btree (substr("perceptual_hash", 7, 2));--> statement-breakpoint
CREATE INDEX "insight_evidence_phash_4_idx" ON "insight_evidence" USING btree (substr("perceptual_hash", 9, 2));--> statement-breakpoint
CREATE INDEX "insight_evidence_phash_5_idx" ON "insight_evidence" USING btree (substr("perceptual_hash", 11, 2));--> statement-breakpoint
CREATE INDEX "insight_evidence_phash_6_idx" ON "insight_evidence" USING btree (substr("perceptual_hash", 13, 2));--> statement-breakpoint
CREATE INDEX "insight_evidence_phash_7_idx" ON "insight_evidence" USING btree (substr("perceptual_hash", 15, 2));