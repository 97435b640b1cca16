CREATE TABLE `consent_texts` (
	`hash` text PRIMARY KEY NOT NULL,
	`version` text NOT NULL,
	`text_vi` text NOT NULL,
	`text_en` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `data_request_rules` (
	`kind` text PRIMARY KEY NOT NULL,
	`days` integer NOT NULL,
	`working` integer NOT NULL,
	`basis` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `data_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`intake_unit_id` text NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`requested_at` integer NOT NULL,
	`due_day` text NOT NULL,
	`reply` text,
	`answered_at` integer,
	`answered_by` text,
	CONSTRAINT "data_requests_kind" CHECK("data_requests"."kind" IN ('access', 'correct', 'withdraw', 'delete')),
	CONSTRAINT "data_requests_status" CHECK("data_requests"."status" IN ('open', 'done', 'refused'))
);
--> statement-breakpoint
CREATE INDEX `data_requests_queue_idx` ON `data_requests` (`intake_unit_id`,`status`,`due_day`);--> statement-breakpoint
CREATE INDEX `data_requests_case_idx` ON `data_requests` (`case_id`);--> statement-breakpoint
ALTER TABLE `responses` ADD `consent_hash` text;