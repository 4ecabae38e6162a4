const PROBE_ORIGIN = 'http://agora.invalid';

/**
 * Only same-site paths are followed after sign-in, never another origin (open-redirect guard). The value is parsed
 * the way a browser would (which drops tabs and newlines, and reads `/\` as `//`), and only its path is kept.
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
	return `${url.pathname}${url.search}${url.hash}`;
}
