import type { Cookies } from '@sveltejs/kit';
import { RANDOM_KEY_SPACE } from '../domain/board';

const SEED_COOKIE = 'agora_board_seed';
const YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * B4: the visitor's shuffle seed: the URL's `seed` when a shared link carries one, else the visitor's own, kept in a
 * cookie so the random order stays put across reloads and "load more" (and differs between visitors: fairness to
 * ideas that arrive late). It names no one and is not a session.
 */
export function boardSeed(url: URL, cookies: Cookies): string {
	const fromUrl = url.searchParams.get('seed');
	if (fromUrl && /^\d{1,10}$/.test(fromUrl) && Number(fromUrl) < RANDOM_KEY_SPACE) return fromUrl;
	const kept = cookies.get(SEED_COOKIE);
	if (kept && /^\d{1,10}$/.test(kept) && Number(kept) < RANDOM_KEY_SPACE) return kept;
	const fresh = String(Math.floor(Math.random() * RANDOM_KEY_SPACE));
	cookies.set(SEED_COOKIE, fresh, { path: '/', maxAge: YEAR_SECONDS, sameSite: 'lax', httpOnly: true });
	return fresh;
}

/** The browse query of a URL's search parameters: what the page's GET form and the JSON API both send. */
export function browseQueryOf(projectId: string, url: URL, seed: string): Record<string, string> {
	const query: Record<string, string> = { projectId, seed };
	for (const name of ['sort', 'topic', 'district', 'status', 'mine', 'q', 'cursor', 'limit']) {
		const value = url.searchParams.get(name);
		if (value !== null) query[name] = value;
	}
	return query;
}
