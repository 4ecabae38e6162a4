const PROBE_ORIGIN = 'http://agora.invalid';

/** `//host` and `/\host` are other sites to a browser; `%2F`/`%5C` become them once something decodes the path. */
const NETWORK_PATH = /^[/\\]{2}/;

function decodedOnce(path: string): string {
	try {
		return decodeURIComponent(path);
	} catch {
		return path;
	}
}

/**
 * Only same-site paths are followed after sign-in, never another origin (open-redirect guard). The value is parsed
 * the way a browser would (which drops tabs and newlines, reads `/\` as `//`, and resolves `/./` and `/../`), and
 * only its path is kept; a path that still starts with two slashes after that (`/.//evil.example` normalises to
 * `//evil.example`), or would once decoded, sends the visitor home instead.
 */
export function safeReturnTo(value: FormDataEntryValue | string | null | undefined): string {
	if (typeof value !== 'string' || !value.startsWith('/') || value.length > 500) return '/';
	let url: URL;
	try {
		url = new URL(value, PROBE_ORIGIN);
	} catch {
		return '/';
	}
	if (url.origin !== PROBE_ORIGIN) return '/';
	if (NETWORK_PATH.test(url.pathname) || NETWORK_PATH.test(decodedOnce(url.pathname).replace(/[\t\n\r]/g, ''))) return '/';
	return `${url.pathname}${url.search}${url.hash}`;
}
