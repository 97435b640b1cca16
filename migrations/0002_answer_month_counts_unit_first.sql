-- Decision 209: answer_month_counts is keyed unit-first after the version
-- (version, unit, month, question, item, option), so a wide dashboard read seeks once per
-- (version, unit) and reads that unit's months whole, instead of once per (key, unit).
-- Same columns; WITHOUT ROWID as in decision 207 (Drizzle cannot declare it: custom migration,
-- the snapshot records the new key order).
CREATE TABLE `__new_answer_month_counts` (
	`version_id` text NOT NULL,
	`question_id` text NOT NULL,
	`item` text NOT NULL,
	`option` text NOT NULL,
	`unit_id` text NOT NULL,
	`month` text NOT NULL,
	`n` integer NOT NULL,
	`total` real DEFAULT 0 NOT NULL,
	PRIMARY KEY(`version_id`, `unit_id`, `month`, `question_id`, `item`, `option`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_answer_month_counts` (`version_id`, `question_id`, `item`, `option`, `unit_id`, `month`, `n`, `total`) SELECT `version_id`, `question_id`, `item`, `option`, `unit_id`, `month`, `n`, `total` FROM `answer_month_counts`;
--> statement-breakpoint
DROP TABLE `answer_month_counts`;
--> statement-breakpoint
ALTER TABLE `__new_answer_month_counts` RENAME TO `answer_month_counts`;
