import type { Project } from '../domain/projects';

/** The project form's field names (AD4/AD5), in the order the form shows them. */
export const PROJECT_FIELDS = [
	'title',
	'description',
	'titleFr',
	'descriptionFr',
	'titleNl',
	'descriptionNl',
	'slug',
	'status',
	'opensOn',
	'closesOn',
	'voteMode',
	'locationMode',
	'editWindowMinutes',
	'supportThreshold',
	'answerDays',
	'votingNeedsVerifiedEmail'
] as const;

/** A stored project as the form's values. */
export function projectFormValues(project: Project): Record<(typeof PROJECT_FIELDS)[number], string> {
	return {
		title: project.title,
		description: project.description,
		titleFr: project.translations.fr?.title ?? '',
		descriptionFr: project.translations.fr?.description ?? '',
		titleNl: project.translations.nl?.title ?? '',
		descriptionNl: project.translations.nl?.description ?? '',
		slug: project.slug,
		status: project.status,
		opensOn: project.opensAt?.slice(0, 10) ?? '',
		closesOn: project.closesAt?.slice(0, 10) ?? '',
		voteMode: project.voteMode,
		locationMode: project.locationMode,
		editWindowMinutes: String(project.editWindowMinutes),
		supportThreshold: project.answerPromise ? String(project.answerPromise.supportThreshold) : '',
		answerDays: project.answerPromise ? String(project.answerPromise.answerDays) : '',
		votingNeedsVerifiedEmail: project.votingNeedsVerifiedEmail ? 'on' : ''
	};
}
