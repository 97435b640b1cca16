CREATE TABLE `retention_marks` (
	`response_id` text NOT NULL,
	`category` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`response_id`, `category`)
);
--> statement-breakpoint
CREATE TABLE `retention_periods` (
	`form_kind` text NOT NULL,
	`category` text NOT NULL,
	`days` integer NOT NULL,
	`updated_by` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`form_kind`, `category`),
	CONSTRAINT "retention_periods_days" CHECK("retention_periods"."days" >= 0)
);
