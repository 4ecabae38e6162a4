import type { Reroute } from '@sveltejs/kit';
import { deLocalizeUrl } from '$lib/paraglide/runtime';

/** `/fr/projects/x` is the route `/projects/x`: the language prefix only chooses the words. */
export const reroute: Reroute = (request) => deLocalizeUrl(request.url).pathname;
