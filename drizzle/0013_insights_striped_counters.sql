-- Counters every command of a kind bumps (the marketplace's monthly shipments,
-- a category, a listing attribute) get a stripe column in their key, so
-- concurrent commands spread over 16 rows instead of queueing on one row lock.
-- Existing rows become stripe 0; readers sum the stripes.
ALTER TABLE "insight_categories" ADD COLUMN "stripe" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "insight_listing_attributes" ADD COLUMN "stripe" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "insight_seller_months" ADD COLUMN "stripe" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "insight_categories" DROP CONSTRAINT "insight_categories_pkey";--> statement-breakpoint
ALTER TABLE "insight_listing_attributes" DROP CONSTRAINT "insight_listing_attributes_category_attribute_value_pk";--> statement-breakpoint
ALTER TABLE "insight_seller_months" DROP CONSTRAINT "insight_seller_months_seller_id_month_pk";--> statement-breakpoint
ALTER TABLE "insight_categories" ADD CONSTRAINT "insight_categories_category_stripe_pk" PRIMARY KEY("category","stripe");--> statement-breakpoint
ALTER TABLE "insight_listing_attributes" ADD CONSTRAINT "insight_listing_attributes_category_attribute_value_stripe_pk" PRIMARY KEY("category","attribute","value","stripe");--> statement-breakpoint
ALTER TABLE "insight_seller_months" ADD CONSTRAINT "insight_seller_months_seller_id_month_stripe_pk" PRIMARY KEY("seller_id","month","stripe");
