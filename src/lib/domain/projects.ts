import type { AnswerPromise } from './answers';
import type { Bounds, DistrictGeometry, LatLng } from './geo';
import type { InterfaceLocale } from './locales';

export const PROJECT_STATUSES = ['open', 'closed'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** AD5: how a project's ideas are voted on: up and down, or support (up) only. */
export const VOTE_MODES = ['up_down', 'up_only'] as const;
export type VoteMode = (typeof VOTE_MODES)[number];

/** AD5: whether an idea needs a pin on the map, or a district is enough (the list form, without a map). */
export const LOCATION_MODES = ['pin_optional', 'pin_required'] as const;
export type LocationMode = (typeof LOCATION_MODES)[number];

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
	/** AD7: 1–8, a token of the topic palette, when an admin chose one (else by its place in the list). */
	readonly colour?: number | null;
	/** AD7: an icon name of the visual system's topic icons, when an admin chose one (else by its slug). */
	readonly icon?: string | null;
}

/** L3: a text in the reader's language, or the base text when the city has not translated it. */
export function inLocale<Text>(base: Text, translations: Translations<Text>, locale: InterfaceLocale): Text {
	return translations[locale] ?? base;
}

/** The deployment's city as the map and the forms need it. */
export interface City {
	readonly name: string;
	/** A fingerprint of the districts: it changes when an admin replaces them (ETags of district layers). */
	readonly version?: string;
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
	/** AD4: when participation opens (ISO time), shown beside the closing date; the status decides (P1). */
	readonly opensAt: string | null;
	/** AD5 */
	readonly voteMode: VoteMode;
	/** AD5 */
	readonly locationMode: LocationMode;
}

/** I7: a project's edit window unless the city sets another. */
export const DEFAULT_EDIT_WINDOW_MINUTES = 60;

/** P1: ideas can be posted and voted on only while the project is open. */
export function acceptsParticipation(project: Project): boolean {
	return project.status === 'open';
}
