import { z } from 'zod';
import { IDEA_STATUSES, type IdeaStatus } from './ideas';
import { INTERFACE_LOCALES, type InterfaceLocale } from './locales';
import { personText } from './text';

export const STATUS_NAME_MIN = 2;
export const STATUS_NAME_MAX = 40;

/**
 * ST9: the colours a status may take: the visual system's topic palette (Okabe–Ito, told apart with colour-blindness)
 * and two neutrals, each with the ink that reads on it, so an admin's choice cannot break contrast.
 */
export const STATUS_COLOURS = ['muted', 'danger', 'topic-1', 'topic-2', 'topic-3', 'topic-4', 'topic-5', 'topic-6', 'topic-7', 'topic-8'] as const;
export type StatusColour = (typeof STATUS_COLOURS)[number];

/** The colours Agora ships with (the map's status colours before ST9). */
export const DEFAULT_STATUS_COLOURS: Readonly<Record<IdeaStatus, StatusColour>> = {
	proposed: 'muted',
	under_review: 'topic-5',
	accepted: 'topic-2',
	rejected: 'danger',
	in_progress: 'topic-1',
	done: 'topic-8'
};

/** ST9: how the city names and colours one status; names are per interface language, null for the built-in words. */
export interface StatusLabel {
	readonly names: Readonly<Record<InterfaceLocale, string>> | null;
	readonly colour: StatusColour;
}
export type StatusLabels = Readonly<Record<IdeaStatus, StatusLabel>>;

export const DEFAULT_STATUS_LABELS: StatusLabels = Object.fromEntries(
	IDEA_STATUSES.map((status) => [status, { names: null, colour: DEFAULT_STATUS_COLOURS[status] }])
) as StatusLabels;

const statusName = personText({ kind: 'line', min: STATUS_NAME_MIN, max: STATUS_NAME_MAX, required: 'status_name_required' });

/** Input of `statuses.setLabels` (ST9): for each status, a name in every interface language and a colour. */
export const statusLabelsSchema = z.object(
	Object.fromEntries(
		IDEA_STATUSES.map((status) => [
			status,
			z.object({
				names: z.object(Object.fromEntries(INTERFACE_LOCALES.map((locale) => [locale, statusName])) as Record<InterfaceLocale, typeof statusName>),
				colour: z.enum(STATUS_COLOURS, { error: 'validation_invalid' })
			})
		])
	) as Record<IdeaStatus, z.ZodObject<{ names: z.ZodObject<Record<InterfaceLocale, typeof statusName>>; colour: z.ZodEnum<{ [K in StatusColour]: K }> }>>
);
