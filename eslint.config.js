import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** DESIGN.md §3: the domain is pure and isomorphic; services see only the domain and the store's types. */
const domainRestrictions = {
	patterns: [
		{ group: ['node:*', 'kysely', 'socket.io*', 'svelte', 'svelte/*', '$env/*', '$app/*', 'pino', 'pg', 'better-sqlite3', 'redis', 'ws', 'yjs', 'express'], message: 'The domain is pure: no I/O, frameworks or transports.' },
		{ group: ['../server/*', '../realtime/*', '../state/*', '../components/*'], message: 'The domain imports only the domain.' }
	]
};
const serviceRestrictions = {
	patterns: [
		{ group: ['socket.io*', 'express', 'svelte', 'svelte/*', '$app/*', '$env/*', 'yjs', 'ws', 'redis', '../../../../server/*'], message: 'Services do not know their transports.' },
		{ group: ['$lib/*'], message: 'Server code uses relative imports so server/*.ts can load it outside Vite.' }
	]
};

export default ts.config(
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: { parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } }
	},
	{
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
			'no-console': 'error',
			// Links are plain hrefs; resolve() adds nothing without a base path.
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{ files: ['src/lib/domain/**/*.ts'], rules: { 'no-restricted-imports': ['error', domainRestrictions] } },
	{ files: ['src/lib/server/services/**/*.ts'], rules: { 'no-restricted-imports': ['error', serviceRestrictions] } },
	{ files: ['src/lib/server/**/*.ts', 'src/lib/realtime/protocol.ts'], ignores: ['src/lib/server/services/**'], rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['$lib/*'], message: 'Server code uses relative imports so server/*.ts can load it outside Vite.' }] }] } },
	{ files: ['bench/**/*.ts', 'tests/**/*.ts'], rules: { 'no-console': 'off' } },
	{ ignores: ['build/', '.svelte-kit/', 'node_modules/', 'data/', '.ci/reports/', 'src/lib/paraglide/'] }
);
