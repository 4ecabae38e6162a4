import { unpackIdeas } from '$lib/domain/idea-pack';
import { unpackPins } from '$lib/state/project-ideas.svelte';
import type { PageLoad } from './$types';

/** The server sends the ideas and pins packed (each value once, see packIdeas); the page works with whole ones. */
export const load: PageLoad = ({ data }) => {
	const { packedIdeas, pins, ...rest } = data;
	return { ...rest, ideas: unpackIdeas(packedIdeas, data.city), pins: unpackPins(pins.pins), pinsTruncated: pins.truncated };
};
