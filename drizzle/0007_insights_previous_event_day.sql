ALTER TABLE "insight_buyer_days" ADD COLUMN "previous_event_day" date;--> statement-breakpoint
CREATE INDEX "insight_buyer_days_previous_event_idx" ON "insight_buyer_days" USING btree ("previous_event_day","day","buyer_id") WHERE "insight_buyer_days"."previous_event_day" is not null;--> statement-breakpoint
-- Backfill for rows written before the column existed (the projector keeps it from now on); the same as refreshPreviousEventDays.
UPDATE "insight_buyer_days" d SET "previous_event_day" = p.previous
FROM (
  SELECT buyer_id, day, greatest(
    CASE WHEN cancellations >= 2 THEN day WHEN cancellations > 0 THEN max(day) FILTER (WHERE cancellations > 0) OVER w END,
    CASE WHEN cases_opened >= 2 THEN day WHEN cases_opened > 0 THEN max(day) FILTER (WHERE cases_opened > 0) OVER w END,
    CASE WHEN cases_denied >= 2 THEN day WHEN cases_denied > 0 THEN max(day) FILTER (WHERE cases_denied > 0) OVER w END,
    CASE WHEN returns >= 2 THEN day WHEN returns > 0 THEN max(day) FILTER (WHERE returns > 0) OVER w END,
    CASE WHEN returns_not_shipped >= 2 THEN day WHEN returns_not_shipped > 0 THEN max(day) FILTER (WHERE returns_not_shipped > 0) OVER w END
  ) AS previous
  FROM "insight_buyer_days"
  WHERE cancellations + cases_opened + cases_denied + returns + returns_not_shipped > 0
  WINDOW w AS (PARTITION BY buyer_id ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
) p
WHERE d.buyer_id = p.buyer_id AND d.day = p.day AND p.previous IS NOT NULL;
