-- Decision 210: case counters keyed by Vietnam month, rebuildable from raw rows.
-- 1. case_events records the rollup attribution of every counting event (kind, unit, outcome),
--    so the rebuild recounts history as it happened, not from the case's current row.
--    Existing events are backfilled from their case's current kind and unit (the best the old rows
--    hold; exact unless a case was re-classified to another kind or unit after the event), and an
--    old answer's outcome from its case's current due date.
-- 2. case_flow and case_outcomes are re-keyed day → month (aggregating the day rows) and, like every
--    counter table (decision 207), WITHOUT ROWID; case_backlog and case_person_counts become
--    WITHOUT ROWID with the same columns and keys.
ALTER TABLE `case_events` ADD `kind` text;
--> statement-breakpoint
ALTER TABLE `case_events` ADD `unit_id` text;
--> statement-breakpoint
ALTER TABLE `case_events` ADD `outcome` text;
--> statement-breakpoint
UPDATE `case_events` SET
	`kind` = (SELECT c.`kind` FROM `cases` c WHERE c.`id` = `case_events`.`case_id`),
	`unit_id` = (SELECT c.`unit_id` FROM `cases` c WHERE c.`id` = `case_events`.`case_id`),
	`outcome` = CASE
		WHEN `type` = 'overdue' THEN 'overdue'
		WHEN `type` = 'answer' THEN (SELECT CASE WHEN c.`resolve_due` IS NOT NULL
				AND strftime('%Y-%m-%d', (`case_events`.`at` + 25200000) / 1000, 'unixepoch') > c.`resolve_due`
				THEN 'late' ELSE 'on_time' END FROM `cases` c WHERE c.`id` = `case_events`.`case_id`)
	END
WHERE `to_status` IS NOT NULL OR `type` = 'overdue';
--> statement-breakpoint
CREATE INDEX `case_events_rollup_idx` ON `case_events` (`at`) WHERE "case_events"."kind" IS NOT NULL;
--> statement-breakpoint
CREATE TABLE `__new_case_flow` (
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`unit_id` text NOT NULL,
	`month` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`kind`, `status`, `unit_id`, `month`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_case_flow` (`kind`, `status`, `unit_id`, `month`, `n`)
	SELECT `kind`, `status`, `unit_id`, substr(`day`, 1, 7), SUM(`n`) FROM `case_flow` GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
DROP TABLE `case_flow`;
--> statement-breakpoint
ALTER TABLE `__new_case_flow` RENAME TO `case_flow`;
--> statement-breakpoint
CREATE TABLE `__new_case_outcomes` (
	`kind` text NOT NULL,
	`unit_id` text NOT NULL,
	`month` text NOT NULL,
	`outcome` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`kind`, `unit_id`, `month`, `outcome`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_case_outcomes` (`kind`, `unit_id`, `month`, `outcome`, `n`)
	SELECT `kind`, `unit_id`, substr(`day`, 1, 7), `outcome`, SUM(`n`) FROM `case_outcomes` GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
DROP TABLE `case_outcomes`;
--> statement-breakpoint
ALTER TABLE `__new_case_outcomes` RENAME TO `case_outcomes`;
--> statement-breakpoint
CREATE TABLE `__new_case_backlog` (
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`unit_id` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`kind`, `status`, `unit_id`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_case_backlog` (`kind`, `status`, `unit_id`, `n`) SELECT `kind`, `status`, `unit_id`, `n` FROM `case_backlog`;
--> statement-breakpoint
DROP TABLE `case_backlog`;
--> statement-breakpoint
ALTER TABLE `__new_case_backlog` RENAME TO `case_backlog`;
--> statement-breakpoint
CREATE TABLE `__new_case_person_counts` (
	`person_id` text NOT NULL,
	`question_id` text NOT NULL,
	`item` text NOT NULL,
	`option` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`person_id`, `question_id`, `item`, `option`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_case_person_counts` (`person_id`, `question_id`, `item`, `option`, `n`)
	SELECT `person_id`, `question_id`, `item`, `option`, `n` FROM `case_person_counts`;
--> statement-breakpoint
DROP TABLE `case_person_counts`;
--> statement-breakpoint
ALTER TABLE `__new_case_person_counts` RENAME TO `case_person_counts`;
