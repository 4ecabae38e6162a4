// Paths are relative to the repository root. Read by both the Vite plugin (build, dev) and `paraglide-js compile` (npm run i18n: check, tests, tsx entry points).
/** @type {import('@inlang/paraglide-js').ParaglideConfig} */
export default {
	outdir: './src/lib/paraglide',
	// The URL names the language (shareable links); a bare URL is redirected to the visitor's choice (cookie), else
	// their browser's languages, else English.
	strategy: ['url', 'cookie', 'preferredLanguage', 'baseLocale'],
	// Every language has its prefix, English too: a bare path then carries no language and the preference decides.
	urlPatterns: [
		{
			// Paths only, read against the page's own origin: Chromium's native URLPattern does not match the
			// protocol/domain/port form that Node's polyfill accepts, which left the browser on the fallback language.
			pattern: '/:path(.*)?',
			localized: [
				['en', '/en/:path(.*)?'],
				['fr', '/fr/:path(.*)?'],
				['nl', '/nl/:path(.*)?']
			]
		}
	],
	emitTsDeclarations: true,
	isServer: "typeof window === 'undefined'"
};
