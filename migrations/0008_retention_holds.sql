CREATE TABLE `retention_holds` (
	`case_id` text PRIMARY KEY NOT NULL,
	`reason` text NOT NULL,
	`set_by` text NOT NULL,
	`set_at` integer NOT NULL
);
