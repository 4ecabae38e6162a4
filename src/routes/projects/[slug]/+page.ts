import { unpackIdeas } from '$lib/domain/idea-pack';
import type { PageLoad } from './$types';

/** The server sends the ideas packed (each value once, see packIdeas); the page works with whole ideas. */
export const load: PageLoad = ({ data }) => {
	const { packedIdeas, ...rest } = data;
	return { ...rest, ideas: unpackIdeas(packedIdeas, data.city) };
};
