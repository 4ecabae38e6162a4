import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOMAIN_MESSAGE_KEYS } from '../domain/messages';

type Catalogue = Record<string, unknown>;
const read = (locale: string): Catalogue => JSON.parse(readFileSync(new URL(`../../../messages/${locale}.json`, import.meta.url), 'utf8')) as Catalogue;
const catalogues = { en: read('en'), fr: read('fr'), nl: read('nl') };
const keysOf = (catalogue: Catalogue) => Object.keys(catalogue).filter((key) => !key.startsWith('$')).sort();
/** The {placeholders} a message fills, in any of its variants. */
const placeholdersOf = (message: unknown) => [...new Set([...JSON.stringify(message).matchAll(/\{(\w+)\}/g)].map((match) => match[1]))].sort();

describe('the message catalogues (L2)', () => {
	it('have every key in English, French and Dutch, with the same placeholders', () => {
		const english = keysOf(catalogues.en);
		for (const [locale, catalogue] of Object.entries(catalogues)) {
			expect(keysOf(catalogue), `${locale} has exactly the English keys`).toEqual(english);
			for (const key of english) expect(placeholdersOf(catalogue[key]), `${locale}.${key}`).toEqual(placeholdersOf(catalogues.en[key]));
		}
	});

	it('word every message key the domain and the services may raise', () => {
		for (const key of DOMAIN_MESSAGE_KEYS) expect(catalogues.en, key).toHaveProperty(key);
	});

	it('leave no message empty or untranslated by accident', () => {
		for (const [locale, catalogue] of Object.entries(catalogues)) {
			for (const [key, message] of Object.entries(catalogue)) {
				if (key.startsWith('$')) continue;
				expect(JSON.stringify(message).length, `${locale}.${key}`).toBeGreaterThan(2);
			}
		}
	});
});
