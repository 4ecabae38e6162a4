import type { AnswerPromise } from './answers';
import type { Bounds, DistrictGeometry, LatLng } from './geo';
import type { InterfaceLocale } from './locales';

export const PROJECT_STATUSES = ['open', 'closed'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export interface District {
	readonly id: string;
	readonly slug: string;
	readonly name: string;
	readonly centre: LatLng;
	readonly geometry: DistrictGeometry;
	/** M8: inhabitants, when the district file says (null otherwise). */
	readonly population: number | null;
	/** L3: the name in the other interface languages. */
	readonly translations: Translations<string>;
}

/** L3: the city's own texts in the other interface languages (the base text is English). */
export type Translations<Text> = Readonly<Partial<Record<InterfaceLocale, Text>>>;

export interface Topic {
	readonly id: string;
	readonly slug: string;
	readonly name: string;
	readonly translations: Translations<string>;
}

/** L3: a text in the reader's language, or the base text when the city has not translated it. */
export function inLocale<Text>(base: Text, translations: Translations<Text>, locale: InterfaceLocale): Text {
	return translations[locale] ?? base;
}

/** The deployment's city as the map and the forms need it. */
export interface City {
	readonly name: string;
	readonly bounds: Bounds;
	/** True when district boundaries were derived (e.g. Voronoi), not loaded from an official file. */
	readonly districtsApproximate: boolean;
	readonly districts: readonly District[];
	readonly topics: readonly Topic[];
}

export interface Project {
	readonly id: string;
	readonly slug: string;
	readonly title: string;
	readonly description: string;
	readonly translations: Translations<{ readonly title: string; readonly description: string }>;
	readonly status: ProjectStatus;
	/** When participation ends (ISO time), if the city set a date. */
	readonly closesAt: string | null;
	/** I7: minutes after posting during which an author may edit their idea. */
	readonly editWindowMinutes: number;
	/** ST7: the support at which the city promises an answer, and within how many days; null for no promise. */
	readonly answerPromise: AnswerPromise | null;
	/** E6: whether casting a vote needs a verified e-mail address (off unless an admin turns it on). */
	readonly votingNeedsVerifiedEmail: boolean;
	readonly createdAt: string;
}

/** I7: a project's edit window unless the city sets another. */
export const DEFAULT_EDIT_WINDOW_MINUTES = 60;

/** P1: ideas can be posted and voted on only while the project is open. */
export function acceptsParticipation(project: Project): boolean {
	return project.status === 'open';
}
