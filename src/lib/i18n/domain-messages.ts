import type { DomainError } from '../domain/errors';
import type { DomainMessageKey, Message, MessageParams } from '../domain/messages';
import { m } from '../paraglide/messages.js';
import type { Locale } from '../paraglide/runtime.js';

/** Paraglide's message functions each declare their own inputs (`never` admits them all); the domain fills them. */
type Translator = (inputs: never, options: { locale: Locale }) => string;

/**
 * Every domain message key with its words. Static member reads of `m` keep the browser bundle to these messages
 * only, and the `Record` makes the compiler refuse a key without words.
 */
const DOMAIN_MESSAGES: Record<DomainMessageKey, Translator> = {
	validation_invalid: m.validation_invalid,
	validation_too_short: m.validation_too_short,
	validation_too_long: m.validation_too_long,
	validation_id: m.validation_id,
	validation_forbidden_characters: m.validation_forbidden_characters,
	validation_no_letters: m.validation_no_letters,
	account_email_required: m.account_email_required,
	account_email_too_long: m.account_email_too_long,
	account_email_invalid: m.account_email_invalid,
	account_password_required: m.account_password_required,
	account_password_enter: m.account_password_enter,
	account_password_common: m.account_password_common,
	account_password_repetitive: m.account_password_repetitive,
	account_password_contains_email: m.account_password_contains_email,
	account_name_required: m.account_name_required,
	account_name_imitates_staff: m.account_name_imitates_staff,
	account_sign_in_failed: m.account_sign_in_failed,
	account_sign_up_refused: m.account_sign_up_refused,
	account_not_found: m.account_not_found,
	verify_needed_to_vote: m.verify_needed_to_vote,
	verify_setting_admin_only: m.verify_setting_admin_only,
	verify_sign_in_to_resend: m.verify_sign_in_to_resend,
	verify_already_verified: m.verify_already_verified,
	verify_link_invalid: m.verify_link_invalid,
	verify_link_used: m.verify_link_used,
	verify_link_expired: m.verify_link_expired,
	reset_link_invalid: m.reset_link_invalid,
	reset_link_used: m.reset_link_used,
	reset_link_expired: m.reset_link_expired,
	auth_sign_in_to_post: m.auth_sign_in_to_post,
	auth_sign_in_to_vote: m.auth_sign_in_to_vote,
	auth_sign_in_to_comment: m.auth_sign_in_to_comment,
	auth_sign_in_to_open_document: m.auth_sign_in_to_open_document,
	auth_sign_in_to_rewards: m.auth_sign_in_to_rewards,
	points_weights_forbidden: m.points_weights_forbidden,
	points_weights_order: m.points_weights_order,
	points_district_unknown: m.points_district_unknown,
	points_person_not_found: m.points_person_not_found,
	project_not_found: m.project_not_found,
	mapdata_layer_not_found: m.mapdata_layer_not_found,
	project_closed_for_ideas: m.project_closed_for_ideas,
	project_closed_for_votes: m.project_closed_for_votes,
	project_closed_for_comments: m.project_closed_for_comments,
	idea_not_found: m.idea_not_found,
	idea_title_required: m.idea_title_required,
	idea_body_required: m.idea_body_required,
	idea_topic_required: m.idea_topic_required,
	idea_topic_unknown: m.idea_topic_unknown,
	idea_location_required: m.idea_location_required,
	idea_location_outside: m.idea_location_outside,
	idea_district_unknown: m.idea_district_unknown,
	idea_language_invalid: m.idea_language_invalid,
	auth_sign_in_to_edit: m.auth_sign_in_to_edit,
	idea_edit_not_author: m.idea_edit_not_author,
	idea_edit_window_closed: m.idea_edit_window_closed,
	idea_withdrawn: m.idea_withdrawn,
	idea_is_duplicate: m.idea_is_duplicate,
	idea_withdraw_forbidden: m.idea_withdraw_forbidden,
	idea_withdraw_reason_required: m.idea_withdraw_reason_required,
	idea_duplicate_forbidden: m.idea_duplicate_forbidden,
	idea_duplicate_self: m.idea_duplicate_self,
	idea_duplicate_other_project: m.idea_duplicate_other_project,
	idea_duplicate_of_duplicate: m.idea_duplicate_of_duplicate,
	idea_duplicate_has_duplicates: m.idea_duplicate_has_duplicates,
	idea_not_duplicate: m.idea_not_duplicate,
	comment_body_required: m.comment_body_required,
	comment_not_found: m.comment_not_found,
	comment_parent_not_found: m.comment_parent_not_found,
	comment_parent_deleted: m.comment_parent_deleted,
	comment_edit_not_author: m.comment_edit_not_author,
	comment_delete_not_author: m.comment_delete_not_author,
	comment_deleted: m.comment_deleted,
	comment_upvote_own: m.comment_upvote_own,
	document_not_found: m.document_not_found,
	document_forbidden: m.document_forbidden,
	city_districts_in_use: m.city_districts_in_use,
	auth_sign_in_to_upload: m.auth_sign_in_to_upload,
	image_alt_invalid: m.image_alt_invalid,
	image_list_invalid: m.image_list_invalid,
	image_too_many: m.image_too_many,
	image_type_unsupported: m.image_type_unsupported,
	image_too_large: m.image_too_large,
	image_unreadable: m.image_unreadable,
	image_not_found: m.image_not_found,
	rate_limited: m.rate_limited,
	history_name_required: m.history_name_required,
	history_version_not_found: m.history_version_not_found,
	history_forbidden: m.history_forbidden,
	draft_not_found: m.draft_not_found,
	draft_forbidden: m.draft_forbidden,
	draft_not_open: m.draft_not_open,
	draft_not_published: m.draft_not_published,
	draft_cost_invalid: m.draft_cost_invalid,
	draft_invite_name_required: m.draft_invite_name_required,
	draft_invite_name_unknown: m.draft_invite_name_unknown,
	draft_invite_name_ambiguous: m.draft_invite_name_ambiguous,
	draft_invitation_not_found: m.draft_invitation_not_found,
	draft_link_invalid: m.draft_link_invalid,
	draft_last_author: m.draft_last_author,
	draft_join_not_public: m.draft_join_not_public,
	draft_join_request_not_found: m.draft_join_request_not_found,
	drafts_sign_in_to_write: m.drafts_sign_in_to_write,
	auth_sign_in_to_manage: m.auth_sign_in_to_manage,
	auth_sign_in_to_follow: m.auth_sign_in_to_follow,
	answer_forbidden: m.answer_forbidden,
	answer_status_invalid: m.answer_status_invalid,
	answer_status_not_allowed: m.answer_status_not_allowed,
	answer_department_required: m.answer_department_required,
	answer_message_required: m.answer_message_required,
	answer_promise_forbidden: m.answer_promise_forbidden,
	answer_idea_closed: m.answer_idea_closed,
	status_name_required: m.status_name_required,
	status_labels_forbidden: m.status_labels_forbidden,
	unsubscribe_link_invalid: m.unsubscribe_link_invalid,
	moderation_blocked: m.moderation_blocked,
	moderation_reason_required: m.moderation_reason_required,
	moderation_sign_in: m.moderation_sign_in,
	moderation_forbidden: m.moderation_forbidden,
	moderation_export_forbidden: m.moderation_export_forbidden,
	moderation_not_found: m.moderation_not_found,
	moderation_already_hidden: m.moderation_already_hidden,
	moderation_not_hidden: m.moderation_not_hidden,
	moderation_hidden_item: m.moderation_hidden_item,
	moderation_no_open_reports: m.moderation_no_open_reports,
	moderation_block_self: m.moderation_block_self,
	moderation_block_staff: m.moderation_block_staff,
	moderation_already_blocked: m.moderation_already_blocked,
	moderation_not_blocked: m.moderation_not_blocked,
	report_sign_in: m.report_sign_in,
	report_own: m.report_own,
	report_already_open: m.report_already_open,
	report_target_gone: m.report_target_gone,
	admin_account_exists: m.admin_account_exists,
	admin_vote_up_only: m.admin_vote_up_only,
	admin_sign_in: m.admin_sign_in,
	admin_forbidden: m.admin_forbidden,
	admin_slug_invalid: m.admin_slug_invalid,
	admin_slug_taken: m.admin_slug_taken,
	admin_title_required: m.admin_title_required,
	admin_description_required: m.admin_description_required,
	admin_date_invalid: m.admin_date_invalid,
	admin_choice_invalid: m.admin_choice_invalid,
	admin_edit_window_invalid: m.admin_edit_window_invalid,
	admin_promise_invalid: m.admin_promise_invalid,
	admin_promise_incomplete: m.admin_promise_incomplete,
	admin_closes_before_opens: m.admin_closes_before_opens,
	admin_translation_incomplete: m.admin_translation_incomplete,
	admin_topic_name_required: m.admin_topic_name_required,
	admin_topic_not_found: m.admin_topic_not_found,
	admin_topic_in_use: m.admin_topic_in_use,
	admin_districts_file_required: m.admin_districts_file_required,
	admin_districts_too_large: m.admin_districts_too_large,
	admin_districts_not_json: m.admin_districts_not_json,
	admin_districts_not_geojson: m.admin_districts_not_geojson,
	admin_districts_too_many: m.admin_districts_too_many,
	admin_districts_duplicate: m.admin_districts_duplicate,
	admin_districts_out_of_bounds: m.admin_districts_out_of_bounds,
	admin_districts_ring_open: m.admin_districts_ring_open,
	admin_districts_orphan: m.admin_districts_orphan,
	admin_not_facilitator: m.admin_not_facilitator,
	admin_invitation_invalid: m.admin_invitation_invalid,
	admin_invitation_other_email: m.admin_invitation_other_email,
	admin_role_self: m.admin_role_self,
	admin_location_pin_required: m.admin_location_pin_required,
	leaderboard_sign_in: m.leaderboard_sign_in
};

/** A domain message in the reader's language. */
export function translate(message: Message, locale: Locale): string {
	// A message's parameters come with its key from the same service call, so they match the words' inputs.
	const words = DOMAIN_MESSAGES[message.key] as (inputs: MessageParams, options: { locale: Locale }) => string;
	return words(message.params ?? {}, { locale });
}

/** What a person (and a program) is told about a domain error: its code, its words, and the words beside each field. */
export interface ErrorDescription {
	readonly code: DomainError['code'];
	readonly message: string;
	readonly key: DomainMessageKey;
	readonly params: MessageParams;
	readonly fields?: Readonly<Record<string, string>>;
}

export function describeDomainError(error: DomainError, locale: Locale): ErrorDescription {
	const description = { code: error.code, message: translate(error, locale), key: error.key, params: error.params };
	if (!error.fields) return description;
	const fields = Object.fromEntries(
		Object.entries(error.fields).flatMap(([field, message]) => (message ? [[field, translate(message, locale)]] : []))
	);
	return { ...description, fields };
}
