-- Decision 207: the rollup counter tables become WITHOUT ROWID (the primary key is the table's
-- own b-tree: one read per row and one write per upsert instead of autoindex + table).
-- Drizzle cannot declare WITHOUT ROWID, so this custom migration recreates each table with the
-- same columns and key; the drizzle snapshot is unchanged (columns and keys are identical).
CREATE TABLE `__new_response_counts` (
	`form_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`day` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`form_id`, `unit_id`, `day`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_response_counts` (`form_id`, `unit_id`, `day`, `n`) SELECT `form_id`, `unit_id`, `day`, `n` FROM `response_counts`;
--> statement-breakpoint
DROP TABLE `response_counts`;
--> statement-breakpoint
ALTER TABLE `__new_response_counts` RENAME TO `response_counts`;
--> statement-breakpoint
CREATE TABLE `__new_answer_counts` (
	`version_id` text NOT NULL,
	`question_id` text NOT NULL,
	`item` text NOT NULL,
	`option` text NOT NULL,
	`unit_id` text NOT NULL,
	`day` text NOT NULL,
	`n` integer NOT NULL,
	`total` real DEFAULT 0 NOT NULL,
	PRIMARY KEY(`version_id`, `question_id`, `item`, `option`, `unit_id`, `day`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_answer_counts` (`version_id`, `question_id`, `item`, `option`, `unit_id`, `day`, `n`, `total`) SELECT `version_id`, `question_id`, `item`, `option`, `unit_id`, `day`, `n`, `total` FROM `answer_counts`;
--> statement-breakpoint
DROP TABLE `answer_counts`;
--> statement-breakpoint
ALTER TABLE `__new_answer_counts` RENAME TO `answer_counts`;
--> statement-breakpoint
CREATE TABLE `__new_response_month_counts` (
	`form_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`month` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`form_id`, `unit_id`, `month`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_response_month_counts` (`form_id`, `unit_id`, `month`, `n`) SELECT `form_id`, `unit_id`, `month`, `n` FROM `response_month_counts`;
--> statement-breakpoint
DROP TABLE `response_month_counts`;
--> statement-breakpoint
ALTER TABLE `__new_response_month_counts` RENAME TO `response_month_counts`;
--> statement-breakpoint
CREATE TABLE `__new_answer_month_counts` (
	`version_id` text NOT NULL,
	`question_id` text NOT NULL,
	`item` text NOT NULL,
	`option` text NOT NULL,
	`unit_id` text NOT NULL,
	`month` text NOT NULL,
	`n` integer NOT NULL,
	`total` real DEFAULT 0 NOT NULL,
	PRIMARY KEY(`version_id`, `question_id`, `item`, `option`, `unit_id`, `month`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_answer_month_counts` (`version_id`, `question_id`, `item`, `option`, `unit_id`, `month`, `n`, `total`) SELECT `version_id`, `question_id`, `item`, `option`, `unit_id`, `month`, `n`, `total` FROM `answer_month_counts`;
--> statement-breakpoint
DROP TABLE `answer_month_counts`;
--> statement-breakpoint
ALTER TABLE `__new_answer_month_counts` RENAME TO `answer_month_counts`;
