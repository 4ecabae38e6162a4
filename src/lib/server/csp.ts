/**
 * Where map tiles come from, as a CSP source: the origin of MAP_TILE_URL, with a `{s}` (or any other placeholder)
 * subdomain as a wildcard, e.g. `https://{s}.tile.example/{z}/{x}/{y}.png` -> `https://*.tile.example`.
 */
export function tileSourceOf(tileUrl: string): string {
	const match = /^(https?):\/\/([^/?#]+)/.exec(tileUrl);
	if (!match) throw new Error(`not an http(s) tile URL: ${tileUrl}`);
	const [, scheme, authority] = match;
	return `${scheme}://${authority!.replace(/\{[^}]*\}/g, '*').toLowerCase()}`;
}

/**
 * The page's CSP with the tile source added to img-src. svelte.config.js is static and the tile host is runtime
 * config, so SvelteKit writes the rest (with its nonces) and the hook adds this one source to its header.
 */
export function allowTileImages(csp: string, tileUrl: string): string {
	const source = tileSourceOf(tileUrl);
	if (!/(^|;)\s*img-src\s/.test(csp)) return csp;
	return csp.replace(/((?:^|;)\s*img-src\s[^;]*)/, `$1 ${source}`);
}
