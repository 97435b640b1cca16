CREATE TABLE `audit_checkpoints` (
	`through_seq` integer PRIMARY KEY NOT NULL,
	`through_hash` text NOT NULL,
	`pruned` integer NOT NULL,
	`from_at` integer NOT NULL,
	`to_at` integer NOT NULL,
	`cutoff` integer NOT NULL,
	`at` integer NOT NULL,
	`actor_id` text,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `audit_checkpoints_prev_uq` ON `audit_checkpoints` (`prev_hash`);