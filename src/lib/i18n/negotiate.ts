import { baseLocale, cookieName, isLocale, type Locale } from '../paraglide/runtime.js';

/**
 * L2: the language for a connection that is not a page request (a Socket.io handshake, a Yjs upgrade): the one the
 * page says it shows, else the person's choice (cookie), else the browser's languages, else English. Pages get theirs
 * from Paraglide's middleware, which follows the same order after the URL.
 */
export function negotiateLocale(input: { declared?: unknown; cookieHeader?: string | undefined; acceptLanguage?: string | undefined }): Locale {
	if (isLocale(input.declared)) return input.declared;
	const fromCookie = input.cookieHeader
		?.split(';')
		.map((part) => part.trim().split('='))
		.find(([name]) => name === cookieName)?.[1];
	if (isLocale(fromCookie)) return fromCookie;
	return localeFromAcceptLanguage(input.acceptLanguage) ?? baseLocale;
}

/** The best of our languages in an `Accept-Language` header, by quality then order; region tags count as their language. */
export function localeFromAcceptLanguage(header: string | undefined): Locale | undefined {
	if (!header) return undefined;
	const ranked = header
		.split(',')
		.slice(0, 20)
		.map((entry, index) => {
			const [tag = '', ...attributes] = entry.trim().split(';');
			const quality = Number(attributes.find((attribute) => attribute.trim().startsWith('q='))?.trim().slice(2) ?? '1');
			return { language: tag.toLowerCase().split('-')[0] ?? '', quality: Number.isFinite(quality) ? quality : 0, index };
		})
		.filter((entry) => entry.quality > 0)
		.sort((a, b) => b.quality - a.quality || a.index - b.index);
	return ranked.map((entry) => entry.language).find(isLocale);
}
