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

const ICONS: Record<string, Component> = {
	mobility: Bike,
	'green-spaces': Trees,
	safety: ShieldCheck,
	culture: Drama,
	housing: House,
	environment: Leaf,
	'public-space': Armchair,
	'youth-sport': Volleyball
};
// Tokens --topic-1 … --topic-8; 5, 6 and 7 are light enough to need dark ink.
const LIGHT_TOPIC_COLOURS = new Set([5, 6, 7]);

export function topicStyle(topics: readonly Pick<Topic, 'slug'>[], slug: string): TopicStyle {
	const position = Math.max(0, topics.findIndex((topic) => topic.slug === slug));
	const colourIndex = (position % 8) + 1;
	return {
		colour: `var(--topic-${colourIndex})`,
		ink: LIGHT_TOPIC_COLOURS.has(colourIndex) ? '#111827' : '#ffffff',
		icon: ICONS[slug] ?? MapPin
	};
}
