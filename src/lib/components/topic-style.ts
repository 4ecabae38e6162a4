import type { Component } from 'svelte';
import Armchair from '@lucide/svelte/icons/armchair';
import Bike from '@lucide/svelte/icons/bike';
import Drama from '@lucide/svelte/icons/drama';
import House from '@lucide/svelte/icons/house';
import Leaf from '@lucide/svelte/icons/leaf';
import MapPin from '@lucide/svelte/icons/map-pin';
import ShieldCheck from '@lucide/svelte/icons/shield-check';
import Trees from '@lucide/svelte/icons/trees';
import Volleyball from '@lucide/svelte/icons/volleyball';
import Bus from '@lucide/svelte/icons/bus';
import GraduationCap from '@lucide/svelte/icons/graduation-cap';
import HeartPulse from '@lucide/svelte/icons/heart-pulse';
import Lightbulb from '@lucide/svelte/icons/lightbulb';
import Recycle from '@lucide/svelte/icons/recycle';
import Users from '@lucide/svelte/icons/users';
import Accessibility from '@lucide/svelte/icons/accessibility';
import type { TopicIconName } from '../domain/admin';
import type { Topic } from '../domain/projects';

/**
 * How a topic looks wherever it appears (pins, legend, cards): one of 8 colour-blind-safe colours by its place in the
 * city's list, so the 8 topics never share one, and an icon, so colour is never the only cue.
 */
export interface TopicStyle {
	/** A CSS colour (a token). */
	readonly colour: string;
	/** The icon's stroke on that colour: dark on the light ones, white on the dark ones. */
	readonly ink: string;
	readonly icon: Component;
}

/** AD7: a topic's palette token number (1–8) and icon name, as the console's form shows them. */
export interface TopicLook {
	readonly colourIndex: number;
	readonly iconName: TopicIconName;
}

/** AD7: the visual system's topic icons by name (the console offers exactly these). */
const ICONS_BY_NAME: Record<TopicIconName, Component> = {
	bike: Bike,
	trees: Trees,
	'shield-check': ShieldCheck,
	drama: Drama,
	house: House,
	leaf: Leaf,
	armchair: Armchair,
	volleyball: Volleyball,
	bus: Bus,
	'graduation-cap': GraduationCap,
	'heart-pulse': HeartPulse,
	lightbulb: Lightbulb,
	'map-pin': MapPin,
	recycle: Recycle,
	users: Users,
	accessibility: Accessibility
};

/** The default topics' icons by slug, for topics no admin has styled. */
const ICON_OF_SLUG: Record<string, TopicIconName> = {
	mobility: 'bike',
	'green-spaces': 'trees',
	safety: 'shield-check',
	culture: 'drama',
	housing: 'house',
	environment: 'leaf',
	'public-space': 'armchair',
	'youth-sport': 'volleyball'
};

export function iconNamed(name: string): Component {
	return ICONS_BY_NAME[name as TopicIconName] ?? MapPin;
}
// Tokens --topic-1 … --topic-8; 5, 6 and 7 are light enough to need dark ink.
const LIGHT_TOPIC_COLOURS = new Set([5, 6, 7]);

type StyledTopic = Pick<Topic, 'slug'> & Partial<Pick<Topic, 'colour' | 'icon'>>;

/** AD7: the colour and icon an admin chose, else by the topic's place in the list and its slug. */
export function topicLook(topics: readonly StyledTopic[], slug: string): TopicLook {
	const position = Math.max(0, topics.findIndex((topic) => topic.slug === slug));
	const topic = topics[position];
	const chosen = topic?.slug === slug ? topic : undefined;
	const colourIndex = chosen?.colour && chosen.colour >= 1 && chosen.colour <= 8 ? chosen.colour : (position % 8) + 1;
	const iconName: TopicIconName = chosen?.icon && chosen.icon in ICONS_BY_NAME ? (chosen.icon as TopicIconName) : (ICON_OF_SLUG[slug] ?? 'map-pin');
	return { colourIndex, iconName };
}

/** How a topic looks wherever it appears (see topicLook). */
export function topicStyle(topics: readonly StyledTopic[], slug: string): TopicStyle {
	const { colourIndex, iconName } = topicLook(topics, slug);
	return {
		colour: `var(--topic-${colourIndex})`,
		ink: LIGHT_TOPIC_COLOURS.has(colourIndex) ? '#111827' : '#ffffff',
		icon: ICONS_BY_NAME[iconName]
	};
}
