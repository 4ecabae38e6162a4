import { z } from 'zod';
import { ANSWER_DAYS_MAX, SUPPORT_THRESHOLD_MAX } from './answers';
import { emailSchema } from './accounts';
import { roleSchema, type Actor, type Role, type SignedInActor } from './actors';
import { DomainError } from './errors';
import { LOCATION_MODES, PROJECT_STATUSES, VOTE_MODES } from './projects';
import { personText } from './text';

/**
 * The staff console's rules (AD in RULES.md): who may open which part, and the shapes of what its forms send. Pure,
 * so the browser can check a form before sending it and the services check it again.
 */

/** AD2: the parts of the console, each opened by some staff roles only. */
export const CONSOLE_SECTIONS = ['projects', 'topics', 'statuses', 'points', 'districts', 'staff', 'moderation', 'audit', 'answers', 'myProjects'] as const;
export type ConsoleSection = (typeof CONSOLE_SECTIONS)[number];

const SECTIONS_BY_ROLE: Record<Role, readonly ConsoleSection[]> = {
	citizen: [],
	facilitator: ['myProjects'],
	moderator: ['moderation', 'audit', 'answers'],
	admin: ['projects', 'topics', 'statuses', 'points', 'districts', 'staff', 'moderation', 'audit', 'answers']
};

/** AD2: the console's parts this role may open (none for a citizen). */
export function consoleSectionsOf(role: Role): readonly ConsoleSection[] {
	return SECTIONS_BY_ROLE[role];
}

/** AD2: anyone on the staff may open the console; what they see in it depends on their role. */
export function mayOpenConsole(actor: Actor): actor is SignedInActor {
	return actor.kind === 'user' && consoleSectionsOf(actor.role).length > 0;
}

/** AD2: the admin behind a console write, or `unauthenticated` / `forbidden`. */
export function requireAdmin(actor: Actor): SignedInActor {
	if (actor.kind !== 'user') throw new DomainError('unauthenticated', 'admin_sign_in');
	if (actor.role !== 'admin') throw new DomainError('forbidden', 'admin_forbidden');
	return actor;
}

/** AD2: a staff member (any role but citizen), for the console's read-only parts. */
export function requireStaff(actor: Actor): SignedInActor {
	if (actor.kind !== 'user') throw new DomainError('unauthenticated', 'admin_sign_in');
	if (!mayOpenConsole(actor)) throw new DomainError('forbidden', 'admin_forbidden');
	return actor;
}

/** Empty form fields are "not given". */
const blankIsAbsent = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

export const PROJECT_TITLE_MAX = 120;
export const PROJECT_DESCRIPTION_MAX = 5_000;
/** AD4: an edit window from none to a week. */
export const EDIT_WINDOW_MAX_MINUTES = 7 * 24 * 60;

/** AD4: lower-case letters, digits and single dashes, 2–60 characters; what a project's address ends with. */
export const slugSchema = z
	.string({ error: 'admin_slug_invalid' })
	.trim()
	.min(2, 'admin_slug_invalid')
	.max(60, 'admin_slug_invalid')
	.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'admin_slug_invalid');

const projectTitle = personText({ kind: 'line', min: 3, max: PROJECT_TITLE_MAX, required: 'admin_title_required' });
const projectDescription = personText({ kind: 'multiline', min: 1, max: PROJECT_DESCRIPTION_MAX, required: 'admin_description_required' });
const optionalTitle = z.preprocess(blankIsAbsent, personText({ kind: 'line', min: 3, max: PROJECT_TITLE_MAX, required: 'admin_title_required' }).optional());
const optionalDescription = z.preprocess(
	blankIsAbsent,
	personText({ kind: 'multiline', min: 1, max: PROJECT_DESCRIPTION_MAX, required: 'admin_description_required' }).optional()
);

/** A calendar day `YYYY-MM-DD` (what `<input type="date">` sends), or absent. */
const dayField = z.preprocess(
	blankIsAbsent,
	z
		.string({ error: 'admin_date_invalid' })
		.regex(/^\d{4}-\d{2}-\d{2}$/, 'admin_date_invalid')
		.refine((day) => {
			const date = new Date(`${day}T00:00:00Z`);
			return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day) && date.getUTCFullYear() >= 2000 && date.getUTCFullYear() <= 2100;
		}, 'admin_date_invalid')
		.optional()
);

/**
 * AD4/AD5: a project as the console's form sends it. The base title and description are English (L3); French and
 * Dutch are optional translations. Dates are calendar days; a project closes at the end of its closing day.
 */
export const projectFormSchema = z
	.object({
		slug: slugSchema,
		title: projectTitle,
		description: projectDescription,
		titleFr: optionalTitle,
		descriptionFr: optionalDescription,
		titleNl: optionalTitle,
		descriptionNl: optionalDescription,
		status: z.enum(PROJECT_STATUSES, { error: 'admin_choice_invalid' }),
		opensOn: dayField,
		closesOn: dayField,
		voteMode: z.enum(VOTE_MODES, { error: 'admin_choice_invalid' }),
		locationMode: z.enum(LOCATION_MODES, { error: 'admin_choice_invalid' }),
		editWindowMinutes: z.preprocess(
			(value) => (typeof value === 'string' && /^\s*\d{1,6}\s*$/.test(value) ? Number(value) : value),
			z
				.number({ error: 'admin_edit_window_invalid' })
				.int('admin_edit_window_invalid')
				.min(0, 'admin_edit_window_invalid')
				.max(EDIT_WINDOW_MAX_MINUTES, 'admin_edit_window_invalid')
		),
		// ST7: the answer promise, both numbers or neither (blank fields: no promise).
		supportThreshold: z.preprocess(
			(value) => (typeof value === 'string' && /^\s*\d{1,7}\s*$/.test(value) ? Number(value) : blankIsAbsent(value)),
			z.number({ error: 'admin_promise_invalid' }).int('admin_promise_invalid').min(1, 'admin_promise_invalid').max(SUPPORT_THRESHOLD_MAX, 'admin_promise_invalid').optional()
		),
		answerDays: z.preprocess(
			(value) => (typeof value === 'string' && /^\s*\d{1,3}\s*$/.test(value) ? Number(value) : blankIsAbsent(value)),
			z.number({ error: 'admin_promise_invalid' }).int('admin_promise_invalid').min(1, 'admin_promise_invalid').max(ANSWER_DAYS_MAX, 'admin_promise_invalid').optional()
		),
		// E6: a checkbox: present (any value) means on.
		votingNeedsVerifiedEmail: z.preprocess((value) => value !== undefined && value !== null && value !== false && value !== '', z.boolean())
	})
	.refine((input) => (input.supportThreshold === undefined) === (input.answerDays === undefined), { path: ['answerDays'], message: 'admin_promise_incomplete' })
	.refine((input) => !input.opensOn || !input.closesOn || input.closesOn >= input.opensOn, { path: ['closesOn'], message: 'admin_closes_before_opens' })
	// A translation is a title with its description: half of one would show a French title over an English text.
	.refine((input) => (input.titleFr === undefined) === (input.descriptionFr === undefined), {
		path: ['descriptionFr'],
		message: 'admin_translation_incomplete'
	})
	.refine((input) => (input.titleNl === undefined) === (input.descriptionNl === undefined), {
		path: ['descriptionNl'],
		message: 'admin_translation_incomplete'
	});
export type ProjectForm = z.output<typeof projectFormSchema>;

/** The first and last moments of a form's days, as stored (ISO, UTC: the city's day boundaries are shown by Intl). */
export const startOfDay = (day: string) => `${day}T00:00:00.000Z`;
export const endOfDay = (day: string) => `${day}T23:59:59.999Z`;

/** AD7: the topic palette's tokens --topic-1 … --topic-8 and the icons the visual system draws. */
export const TOPIC_COLOURS = [1, 2, 3, 4, 5, 6, 7, 8] as const;
export const TOPIC_ICONS = [
	'bike', 'trees', 'shield-check', 'drama', 'house', 'leaf', 'armchair', 'volleyball', 'bus', 'graduation-cap', 'heart-pulse',
	'lightbulb', 'map-pin', 'recycle', 'users', 'accessibility'
] as const;
export type TopicIconName = (typeof TOPIC_ICONS)[number];

const topicName = personText({ kind: 'line', min: 2, max: 60, required: 'admin_topic_name_required' });
const optionalTopicName = z.preprocess(blankIsAbsent, personText({ kind: 'line', min: 2, max: 60, required: 'admin_topic_name_required' }).optional());

/** AD7: a topic as the console's form sends it: names in the three languages, a palette colour and an icon. */
export const topicFormSchema = z.object({
	slug: slugSchema,
	name: topicName,
	nameFr: optionalTopicName,
	nameNl: optionalTopicName,
	colour: z.preprocess(
		(value) => (typeof value === 'string' && /^[1-8]$/.test(value) ? Number(value) : value),
		z.number({ error: 'admin_choice_invalid' }).int('admin_choice_invalid').min(1, 'admin_choice_invalid').max(TOPIC_COLOURS.length, 'admin_choice_invalid')
	),
	icon: z.enum(TOPIC_ICONS, { error: 'admin_choice_invalid' })
});
export type TopicForm = z.output<typeof topicFormSchema>;

/**
 * AD9: the largest districts file the console takes, in bytes: what fits in a form body under adapter-node's
 * BODY_SIZE_LIMIT (512 kB by default). Larger files go through CITY_DISTRICTS_FILE, or are simplified first.
 */
export const DISTRICTS_FILE_MAX_BYTES = 480 * 1024;
/** AD9: at most this many districts, and this many vertices in all: a city, not a country's parcels. */
export const DISTRICTS_MAX = 500;
export const DISTRICT_VERTICES_MAX = 200_000;
/** AD9: a city's districts span at most this many degrees each way (a city, not a continent). */
export const DISTRICTS_MAX_SPAN_DEGREES = 5;

/** AD10: how long a staff invitation may be used. */
export const INVITATION_TTL_DAYS = 7;
export const INVITATION_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** AD10/AD11: the roles an admin gives in the console (citizen takes a staff member's role away). */
export const staffRoleSchema = z.enum(['moderator', 'facilitator', 'admin'], { error: 'admin_choice_invalid' });

export const invitationFormSchema = z.object({ email: emailSchema, role: staffRoleSchema });

export const roleChangeSchema = z.object({
	userId: z.string({ error: 'validation_id' }).regex(/^[A-Za-z0-9_-]{1,64}$/, 'validation_id'),
	role: roleSchema
});
