CREATE TABLE `audit_log` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_id` text,
	`action` text NOT NULL,
	`target_type` text,
	`target_id` text,
	`detail` text,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `audit_prev_uq` ON `audit_log` (`prev_hash`);--> statement-breakpoint
CREATE INDEX `audit_target_idx` ON `audit_log` (`target_type`,`target_id`);--> statement-breakpoint
CREATE TABLE `role_grants` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	`unit_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `role_grants_uq` ON `role_grants` (`user_id`,`role`,`unit_id`);--> statement-breakpoint
CREATE INDEX `role_grants_user_idx` ON `role_grants` (`user_id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`verified` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`totp_secret` text,
	`totp_enabled` integer DEFAULT false NOT NULL,
	`failed_logins` integer DEFAULT 0 NOT NULL,
	`locked_until` integer,
	`disabled` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_uq` ON `users` (`email`);--> statement-breakpoint
CREATE TABLE `ballot_candidates` (
	`id` text PRIMARY KEY NOT NULL,
	`round_id` text NOT NULL,
	`group_id` text NOT NULL,
	`ord` integer NOT NULL,
	`person_id` text,
	`full_name` text NOT NULL,
	`position` text NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `ballot_rounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`group_id`) REFERENCES `ballot_groups`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ballot_candidates_round_idx` ON `ballot_candidates` (`round_id`,`ord`);--> statement-breakpoint
CREATE TABLE `ballot_codes` (
	`hash` text PRIMARY KEY NOT NULL,
	`round_id` text NOT NULL,
	`status` text DEFAULT 'issued' NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `ballot_rounds`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ballot_codes_round_idx` ON `ballot_codes` (`round_id`,`status`);--> statement-breakpoint
CREATE TABLE `ballot_groups` (
	`id` text PRIMARY KEY NOT NULL,
	`round_id` text NOT NULL,
	`ord` integer NOT NULL,
	`title` text NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `ballot_rounds`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ballot_groups_round_idx` ON `ballot_groups` (`round_id`,`ord`);--> statement-breakpoint
CREATE TABLE `ballot_members` (
	`id` text PRIMARY KEY NOT NULL,
	`round_id` text NOT NULL,
	`ord` integer NOT NULL,
	`full_name` text NOT NULL,
	`user_id` text,
	`present` integer DEFAULT false NOT NULL,
	`token_issued` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `ballot_rounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ballot_members_round_idx` ON `ballot_members` (`round_id`,`ord`);--> statement-breakpoint
CREATE UNIQUE INDEX `ballot_members_user_uq` ON `ballot_members` (`round_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `ballot_rounds` (
	`id` text PRIMARY KEY NOT NULL,
	`unit_id` text NOT NULL,
	`name` text NOT NULL,
	`mode` text NOT NULL,
	`phase` text DEFAULT 'setup' NOT NULL,
	`summoned` integer NOT NULL,
	`present` integer,
	`denominator` text DEFAULT 'collected' NOT NULL,
	`meeting_place` text DEFAULT '' NOT NULL,
	`locality` text DEFAULT '' NOT NULL,
	`meeting_date` text NOT NULL,
	`codes_generated` integer DEFAULT 0 NOT NULL,
	`codes_voided` integer DEFAULT 0 NOT NULL,
	`tokens_issued` integer DEFAULT 0 NOT NULL,
	`public_key` text,
	`key_fingerprint` text,
	`private_key_sealed` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`casting_opened_at` integer,
	`casting_closed_at` integer,
	`published_at` integer,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "ballot_rounds_summoned" CHECK("ballot_rounds"."summoned" > 0),
	CONSTRAINT "ballot_rounds_present" CHECK("ballot_rounds"."present" IS NULL OR ("ballot_rounds"."present" >= 0 AND "ballot_rounds"."present" <= "ballot_rounds"."summoned")),
	CONSTRAINT "ballot_rounds_codes" CHECK("ballot_rounds"."codes_generated" <= coalesce("ballot_rounds"."present", 0))
);
--> statement-breakpoint
CREATE INDEX `ballot_rounds_unit_idx` ON `ballot_rounds` (`unit_id`);--> statement-breakpoint
CREATE TABLE `ballot_spends` (
	`round_id` text NOT NULL,
	`credential` text NOT NULL,
	PRIMARY KEY(`round_id`, `credential`),
	FOREIGN KEY (`round_id`) REFERENCES `ballot_rounds`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `ballots` (
	`id` integer PRIMARY KEY NOT NULL,
	`round_id` text NOT NULL,
	`receipt` text NOT NULL,
	`marks` text NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `ballot_rounds`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ballots_receipt_uq` ON `ballots` (`round_id`,`receipt`);--> statement-breakpoint
CREATE TABLE `bench_rows` (
	`id` text PRIMARY KEY NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `case_backlog` (
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`unit_id` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`kind`, `status`, `unit_id`)
);
--> statement-breakpoint
CREATE TABLE `case_deadline_rules` (
	`kind` text PRIMARY KEY NOT NULL,
	`accept_days` integer NOT NULL,
	`accept_working` integer NOT NULL,
	`resolve_days` integer NOT NULL,
	`resolve_working` integer NOT NULL,
	`max_extension_days` integer DEFAULT 0 NOT NULL,
	`basis` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `case_events` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`at` integer NOT NULL,
	`actor_id` text,
	`actor_kind` text NOT NULL,
	`type` text NOT NULL,
	`from_status` text,
	`to_status` text,
	`visibility` text NOT NULL,
	`body` text,
	`detail` text,
	CONSTRAINT "case_events_visibility" CHECK("case_events"."visibility" IN ('public', 'internal'))
);
--> statement-breakpoint
CREATE INDEX `case_events_case_idx` ON `case_events` (`case_id`,`at`);--> statement-breakpoint
CREATE TABLE `case_flow` (
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`unit_id` text NOT NULL,
	`day` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`kind`, `status`, `unit_id`, `day`)
);
--> statement-breakpoint
CREATE TABLE `case_outcomes` (
	`kind` text NOT NULL,
	`unit_id` text NOT NULL,
	`day` text NOT NULL,
	`outcome` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`kind`, `unit_id`, `day`, `outcome`)
);
--> statement-breakpoint
CREATE TABLE `case_person_counts` (
	`person_id` text NOT NULL,
	`question_id` text NOT NULL,
	`item` text NOT NULL,
	`option` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`person_id`, `question_id`, `item`, `option`)
);
--> statement-breakpoint
CREATE TABLE `case_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`k_threshold` integer DEFAULT 5 NOT NULL,
	`reopen_days` integer DEFAULT 30 NOT NULL,
	`pin_lock_after` integer DEFAULT 5 NOT NULL,
	CONSTRAINT "case_settings_one" CHECK("case_settings"."id" = 1),
	CONSTRAINT "case_settings_k" CHECK("case_settings"."k_threshold" >= 5)
);
--> statement-breakpoint
CREATE TABLE `cases` (
	`id` text PRIMARY KEY NOT NULL,
	`response_id` text NOT NULL,
	`form_id` text NOT NULL,
	`channel` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`closure` text,
	`intake_unit_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`subject_person_id` text,
	`subject_unit_id` text,
	`field` text,
	`severity` text,
	`body_unit_id` text,
	`merged_into_id` text,
	`received_at` integer NOT NULL,
	`received_day` text NOT NULL,
	`accepted_day` text,
	`accept_due` text,
	`resolve_due` text,
	`extension_days` integer DEFAULT 0 NOT NULL,
	`overdue_since` text,
	`answered_at` integer,
	`closed_at` integer,
	`answer` text,
	`rating` integer,
	`reopen_count` integer DEFAULT 0 NOT NULL,
	`pin_nonce` text NOT NULL,
	`pin_failures` integer DEFAULT 0 NOT NULL,
	`pin_locked_until` integer,
	`version` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "cases_status" CHECK("cases"."status" IN ('received', 'prescreening', 'classified', 'forwarded', 'in_progress', 'answered', 'closed')),
	CONSTRAINT "cases_kind" CHECK("cases"."kind" IN ('feedback', 'complaint', 'denunciation', 'petition')),
	CONSTRAINT "cases_closure" CHECK("cases"."closure" IS NULL OR "cases"."closure" IN ('resolved', 'not_competent', 'duplicate', 'insufficient_info')),
	CONSTRAINT "cases_rating" CHECK("cases"."rating" IS NULL OR "cases"."rating" BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cases_response_uq` ON `cases` (`response_id`);--> statement-breakpoint
CREATE INDEX `cases_intake_idx` ON `cases` (`intake_unit_id`,`status`);--> statement-breakpoint
CREATE INDEX `cases_body_idx` ON `cases` (`body_unit_id`,`status`);--> statement-breakpoint
CREATE INDEX `cases_subject_idx` ON `cases` (`subject_person_id`);--> statement-breakpoint
CREATE TABLE `criteria_sets` (
	`code` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`title_en` text,
	`doc_number` text NOT NULL,
	`doc_date` text NOT NULL,
	`issuer` text NOT NULL,
	`criteria` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `holidays` (
	`day` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`source` text NOT NULL,
	CONSTRAINT "holidays_kind" CHECK("holidays"."kind" IN ('off', 'work'))
);
--> statement-breakpoint
CREATE TABLE `case_routing_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text DEFAULT '*' NOT NULL,
	`unit_id` text NOT NULL,
	`body_unit_id` text NOT NULL,
	`note` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `case_routing_uq` ON `case_routing_rules` (`unit_id`,`kind`);--> statement-breakpoint
CREATE TABLE `webhook_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`subscription_id` text NOT NULL,
	`event` text NOT NULL,
	`case_id` text NOT NULL,
	`payload` text NOT NULL,
	`created_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_at` integer NOT NULL,
	`delivered_at` integer,
	`state` text DEFAULT 'pending' NOT NULL,
	`last_error` text
);
--> statement-breakpoint
CREATE INDEX `webhook_outbox_due_idx` ON `webhook_outbox` (`state`,`next_at`);--> statement-breakpoint
CREATE TABLE `webhook_subscriptions` (
	`id` text PRIMARY KEY NOT NULL,
	`url` text NOT NULL,
	`events` text NOT NULL,
	`secret_sealed` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `dvk_assignments` (
	`campaign_id` text NOT NULL,
	`unit_id` text NOT NULL,
	PRIMARY KEY(`campaign_id`, `unit_id`)
);
--> statement-breakpoint
CREATE INDEX `dvk_assignments_unit_idx` ON `dvk_assignments` (`unit_id`);--> statement-breakpoint
CREATE TABLE `dvk_campaigns` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`form_id` text NOT NULL,
	`version_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`kinds` text NOT NULL,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`due_date` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dvk_campaigns_unit_idx` ON `dvk_campaigns` (`unit_id`);--> statement-breakpoint
CREATE TABLE `dvk_report_events` (
	`id` text PRIMARY KEY NOT NULL,
	`report_id` text NOT NULL,
	`action` text NOT NULL,
	`actor_id` text,
	`comment` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dvk_report_events_idx` ON `dvk_report_events` (`report_id`,`at`);--> statement-breakpoint
CREATE TABLE `dvk_reports` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`version_id` text NOT NULL,
	`data` text NOT NULL,
	`models` text DEFAULT '{"new":[],"progress":[]}' NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`first_submitted_at` integer,
	`submitted_at` integer,
	`return_comment` text,
	`updated_by` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dvk_reports_uq` ON `dvk_reports` (`campaign_id`,`unit_id`);--> statement-breakpoint
CREATE TABLE `answer_month_counts` (
	`version_id` text NOT NULL,
	`question_id` text NOT NULL,
	`item` text NOT NULL,
	`option` text NOT NULL,
	`unit_id` text NOT NULL,
	`month` text NOT NULL,
	`n` integer NOT NULL,
	`total` real DEFAULT 0 NOT NULL,
	PRIMARY KEY(`version_id`, `question_id`, `item`, `option`, `unit_id`, `month`)
);
--> statement-breakpoint
CREATE TABLE `dashboard_views` (
	`unit_id` text PRIMARY KEY NOT NULL,
	`views` text NOT NULL,
	`updated_by` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `response_month_counts` (
	`form_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`month` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`form_id`, `unit_id`, `month`)
);
--> statement-breakpoint
CREATE TABLE `answer_counts` (
	`version_id` text NOT NULL,
	`question_id` text NOT NULL,
	`item` text NOT NULL,
	`option` text NOT NULL,
	`unit_id` text NOT NULL,
	`day` text NOT NULL,
	`n` integer NOT NULL,
	`total` real DEFAULT 0 NOT NULL,
	PRIMARY KEY(`version_id`, `question_id`, `item`, `option`, `unit_id`, `day`)
);
--> statement-breakpoint
CREATE TABLE `form_quota` (
	`form_id` text PRIMARY KEY NOT NULL,
	`used` integer DEFAULT 0 NOT NULL,
	`cap` integer,
	FOREIGN KEY (`form_id`) REFERENCES `forms`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "form_quota_cap" CHECK("form_quota"."cap" IS NULL OR "form_quota"."used" <= "form_quota"."cap")
);
--> statement-breakpoint
CREATE TABLE `form_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`form_id` text NOT NULL,
	`version` integer NOT NULL,
	`definition` text NOT NULL,
	`published_at` integer NOT NULL,
	`published_by` text,
	FOREIGN KEY (`form_id`) REFERENCES `forms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`published_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `form_versions_uq` ON `form_versions` (`form_id`,`version`);--> statement-breakpoint
CREATE TABLE `forms` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`kind` text DEFAULT 'survey' NOT NULL,
	`owner_unit_id` text NOT NULL,
	`title` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`draft` text NOT NULL,
	`current_version_id` text,
	`opens_at` integer,
	`closes_at` integer,
	`turnstile` integer DEFAULT false NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`owner_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `forms_slug_uq` ON `forms` (`slug`);--> statement-breakpoint
CREATE INDEX `forms_owner_idx` ON `forms` (`owner_unit_id`);--> statement-breakpoint
CREATE TABLE `response_counts` (
	`form_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`day` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`form_id`, `unit_id`, `day`)
);
--> statement-breakpoint
CREATE TABLE `dvk_evaluations` (
	`id` text PRIMARY KEY NOT NULL,
	`model_id` text NOT NULL,
	`rubric_id` text NOT NULL,
	`reviewer_id` text NOT NULL,
	`scores` text NOT NULL,
	`score_bp` integer NOT NULL,
	`verdict` text NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dvk_evaluations_model_idx` ON `dvk_evaluations` (`model_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `dvk_model_counts` (
	`unit_id` text NOT NULL,
	`field` text NOT NULL,
	`year` integer NOT NULL,
	`status` text NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	`people` integer DEFAULT 0 NOT NULL,
	`households` integer DEFAULT 0 NOT NULL,
	`money_vnd` integer DEFAULT 0 NOT NULL,
	`workdays` integer DEFAULT 0 NOT NULL,
	`replications` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`unit_id`, `field`, `year`, `status`)
);
--> statement-breakpoint
CREATE TABLE `dvk_model_links` (
	`from_id` text NOT NULL,
	`to_id` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`from_id`, `to_id`),
	CONSTRAINT "dvk_links_not_self" CHECK("dvk_model_links"."from_id" <> "dvk_model_links"."to_id")
);
--> statement-breakpoint
CREATE TABLE `dvk_model_photos` (
	`id` text PRIMARY KEY NOT NULL,
	`model_id` text NOT NULL,
	`key` text NOT NULL,
	`type` text NOT NULL,
	`size` integer NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dvk_photos_model_idx` ON `dvk_model_photos` (`model_id`);--> statement-breakpoint
CREATE TABLE `dvk_model_progress` (
	`id` text PRIMARY KEY NOT NULL,
	`model_id` text NOT NULL,
	`report_id` text,
	`note` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dvk_progress_model_idx` ON `dvk_model_progress` (`model_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `dvk_progress_report_uq` ON `dvk_model_progress` (`report_id`,`model_id`);--> statement-breakpoint
CREATE TABLE `dvk_models` (
	`id` text PRIMARY KEY NOT NULL,
	`unit_id` text NOT NULL,
	`name` text NOT NULL,
	`search_text` text NOT NULL,
	`field` text NOT NULL,
	`year` integer NOT NULL,
	`start_date` text,
	`description` text DEFAULT '' NOT NULL,
	`people_mobilised` integer DEFAULT 0 NOT NULL,
	`households_mobilised` integer DEFAULT 0 NOT NULL,
	`money_vnd` integer DEFAULT 0 NOT NULL,
	`workdays` integer DEFAULT 0 NOT NULL,
	`materials` text DEFAULT '' NOT NULL,
	`results` text DEFAULT '' NOT NULL,
	`recognition` text,
	`verdict` text,
	`status` text DEFAULT 'registered' NOT NULL,
	`current_evaluation_id` text,
	`current_score_bp` integer,
	`replication_count` integer DEFAULT 0 NOT NULL,
	`source_report_id` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "dvk_models_nonneg" CHECK("dvk_models"."people_mobilised" >= 0 AND "dvk_models"."households_mobilised" >= 0 AND "dvk_models"."money_vnd" >= 0 AND "dvk_models"."workdays" >= 0)
);
--> statement-breakpoint
CREATE INDEX `dvk_models_unit_idx` ON `dvk_models` (`unit_id`,`year`);--> statement-breakpoint
CREATE INDEX `dvk_models_report_idx` ON `dvk_models` (`source_report_id`);--> statement-breakpoint
CREATE TABLE `dvk_rubrics` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`criteria` text NOT NULL,
	`threshold_bp` integer NOT NULL,
	`active` integer DEFAULT false NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `people` (
	`id` text PRIMARY KEY NOT NULL,
	`full_name` text NOT NULL,
	`search_name` text NOT NULL,
	`birth_year` integer,
	`party_member` integer DEFAULT false NOT NULL,
	`external_ref` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `people_search_idx` ON `people` (`search_name`);--> statement-breakpoint
CREATE UNIQUE INDEX `people_ext_uq` ON `people` (`external_ref`);--> statement-breakpoint
CREATE TABLE `positions` (
	`id` text PRIMARY KEY NOT NULL,
	`person_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`title` text NOT NULL,
	`title_en` text,
	`valid_from` text,
	`valid_to` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `positions_person_idx` ON `positions` (`person_id`);--> statement-breakpoint
CREATE INDEX `positions_unit_idx` ON `positions` (`unit_id`);--> statement-breakpoint
CREATE TABLE `units` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`name_en` text,
	`search_name` text NOT NULL,
	`kind` text NOT NULL,
	`parent_id` text,
	`path` text NOT NULL,
	`valid_from` text,
	`valid_to` text,
	`merged_into_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `units_code_uq` ON `units` (`code`);--> statement-breakpoint
CREATE INDEX `units_parent_idx` ON `units` (`parent_id`);--> statement-breakpoint
CREATE INDEX `units_path_idx` ON `units` (`path`);--> statement-breakpoint
CREATE INDEX `units_merged_idx` ON `units` (`merged_into_id`);--> statement-breakpoint
CREATE TABLE `answers` (
	`response_id` text NOT NULL,
	`question_id` text NOT NULL,
	`item` text DEFAULT '' NOT NULL,
	`value` text,
	`num` real,
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `answers_response_idx` ON `answers` (`response_id`);--> statement-breakpoint
CREATE TABLE `responses` (
	`id` text PRIMARY KEY NOT NULL,
	`form_id` text NOT NULL,
	`version_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`receipt_code` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`status` text DEFAULT 'received' NOT NULL,
	`lang` text DEFAULT 'vi' NOT NULL,
	`data` text NOT NULL,
	`identity_sealed` text,
	`consent_version` text,
	`search_text` text DEFAULT '' NOT NULL,
	`submitted_at` integer NOT NULL,
	`day` text NOT NULL,
	FOREIGN KEY (`form_id`) REFERENCES `forms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`version_id`) REFERENCES `form_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `responses_receipt_uq` ON `responses` (`receipt_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `responses_idem_uq` ON `responses` (`form_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `responses_form_idx` ON `responses` (`form_id`,`submitted_at`);