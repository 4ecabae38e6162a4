/**
 * The names of every sentence the domain and the services may ask a person to read. The words themselves live in
 * messages/{en,fr,nl}.json and are chosen at the edge, in the reader's language (DESIGN §7): here there are only keys
 * and the parameters that fill them.
 */
export const DOMAIN_MESSAGE_KEYS = [
	'validation_invalid',
	'validation_too_short',
	'validation_too_long',
	'validation_id',
	'validation_forbidden_characters',
	'validation_no_letters',
	'account_email_required',
	'account_email_too_long',
	'account_email_invalid',
	'account_password_required',
	'account_password_enter',
	'account_password_common',
	'account_password_repetitive',
	'account_password_contains_email',
	'account_name_required',
	'account_name_imitates_staff',
	'account_sign_in_failed',
	'account_sign_up_refused',
	'account_not_found',
	'auth_sign_in_to_post',
	'auth_sign_in_to_vote',
	'auth_sign_in_to_comment',
	'auth_sign_in_to_open_document',
	'project_not_found',
	'project_closed_for_ideas',
	'project_closed_for_votes',
	'idea_not_found',
	'idea_title_required',
	'idea_body_required',
	'idea_topic_required',
	'idea_topic_unknown',
	'idea_location_required',
	'idea_location_outside',
	'idea_district_unknown',
	'idea_language_invalid',
	'auth_sign_in_to_edit',
	'idea_edit_not_author',
	'idea_edit_window_closed',
	'idea_withdrawn',
	'idea_is_duplicate',
	'idea_withdraw_forbidden',
	'idea_withdraw_reason_required',
	'idea_duplicate_forbidden',
	'idea_duplicate_self',
	'idea_duplicate_other_project',
	'idea_duplicate_of_duplicate',
	'idea_duplicate_has_duplicates',
	'idea_not_duplicate',
	'comment_body_required',
	'comment_not_found',
	'comment_parent_not_found',
	'comment_parent_deleted',
	'comment_edit_not_author',
	'comment_delete_not_author',
	'comment_deleted',
	'comment_upvote_own',
	'document_not_found',
	'document_forbidden',
	'city_districts_in_use',
	'auth_sign_in_to_upload',
	'image_alt_invalid',
	'image_list_invalid',
	'image_too_many',
	'image_type_unsupported',
	'image_too_large',
	'image_unreadable',
	'image_not_found',
	'rate_limited',
	'history_name_required',
	'history_version_not_found',
	'history_forbidden',
	'draft_not_found',
	'draft_forbidden',
	'draft_not_open',
	'draft_not_published',
	'draft_cost_invalid',
	'draft_invite_name_required',
	'draft_invite_name_unknown',
	'draft_invite_name_ambiguous',
	'draft_invitation_not_found',
	'draft_link_invalid',
	'draft_last_author',
	'draft_join_not_public',
	'draft_join_request_not_found',
	'drafts_sign_in_to_write'
] as const;

export type DomainMessageKey = (typeof DOMAIN_MESSAGE_KEYS)[number];

export type MessageParams = Readonly<Record<string, string | number>>;

/** A sentence to show a person, not yet in any language. */
export interface Message {
	readonly key: DomainMessageKey;
	readonly params?: MessageParams;
}

export function isDomainMessageKey(value: unknown): value is DomainMessageKey {
	return typeof value === 'string' && (DOMAIN_MESSAGE_KEYS as readonly string[]).includes(value);
}
