import { z } from 'zod';
import type { DomainMessageKey } from './messages';

/**
 * T1–T5 (RULES.md): one hygiene for every person-written field, so that what is stored is what a reader sees.
 *
 * - NFC, so "é" typed two ways is one string (search, duplicates, lengths);
 * - NUL and other C0/C1 controls refused (line breaks and tabs allowed in multi-line text only);
 * - bidi overrides and zero-width characters stripped from single-line text (names, titles), where they only serve
 *   to make one string look like another ("\u202EnimdA ytiC" displays as "City Admin");
 * - lengths count what a reader sees: grapheme clusters, not UTF-16 units, and never invisible ones.
 */
export type TextKind = 'line' | 'multiline';

// Bidi embeddings, overrides and isolates, the zero-width characters (BOM included), and letters that print nothing
// (Hangul fillers, the blank Braille pattern).
const BIDI_AND_ZERO_WIDTH = /[\u202A-\u202E\u2066-\u2069\u200B-\u200F\u2060-\u2064\uFEFF\u061C\u180E\u115F\u1160\u3164\uFFA0\u2800]/g;
// In multi-line text only the overrides go: zero-width joiners build emoji and some scripts need marks.
const BIDI_OVERRIDES = /[\u202A-\u202E\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- control characters are what this rule refuses
const CONTROLS_IN_LINE = /[\u0000-\u001F\u007F-\u009F]/;
// eslint-disable-next-line no-control-regex -- as above, but a line break and a tab are text here
const CONTROLS_IN_MULTILINE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
/** A visible character rarely takes more than a few UTF-16 units (emoji sequences take up to ~10). */
const MAX_UNITS_PER_VISIBLE_CHARACTER = 12;
const INVISIBLE_ONLY = /^[\p{Cf}\p{Cc}\p{Z}\p{M}\p{Default_Ignorable_Code_Point}\u115F\u1160\u3164\uFFA0\u2800]*$/u;

/** T1/T3: the stored form of a person-written text: NFC, trimmed, invisible tricks removed, line breaks as \n. */
export function cleanText(raw: string, kind: TextKind): string {
	const normalised = raw.normalize('NFC');
	if (kind === 'line') return normalised.replace(BIDI_AND_ZERO_WIDTH, '').replace(/\s+/g, ' ').trim();
	return normalised.replace(/\r\n?/g, '\n').replace(BIDI_OVERRIDES, '').trim();
}

/** T2: whether the text holds a control character that no person means to write. */
export function hasControlCharacters(text: string, kind: TextKind): boolean {
	return (kind === 'line' ? CONTROLS_IN_LINE : CONTROLS_IN_MULTILINE).test(text);
}

const segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;

/** T4: how many characters a reader sees: grapheme clusters that show something (whitespace counts, as typed). */
export function visibleLength(text: string): number {
	if (!segmenter) return [...text].length;
	let count = 0;
	for (const { segment } of segmenter.segment(text)) {
		if (segment === ' ' || segment === '\n' || segment === '\t' || !INVISIBLE_ONLY.test(segment)) count += 1;
	}
	return count;
}

/**
 * A zod schema for one person-written field: it cleans (T1/T3), refuses controls (T2), and measures what a reader
 * sees (T4). `required` is the message when it is missing or empty; lengths answer validation_too_short/_too_long
 * with `{ min }` / `{ max }`.
 */
export function personText(options: { kind: TextKind; min: number; max: number; required: DomainMessageKey }) {
	const { kind, min, max, required } = options;
	return z
		.string({ error: required })
		// Before any work on it: a megabyte of text is refused without being normalised or segmented.
		.refine((raw) => raw.length <= max * MAX_UNITS_PER_VISIBLE_CHARACTER, { message: 'validation_too_long', params: { max }, abort: true })
		.refine((raw) => !hasControlCharacters(raw, kind), { message: 'validation_forbidden_characters', abort: true })
		.transform((raw) => cleanText(raw, kind))
		.pipe(
			z
				.string()
				.refine((text) => text.length > 0, required)
				// T4: a name or a title says something: at least one letter or digit, not only signs and spaces.
				.refine((text) => kind === 'multiline' || text.length === 0 || /[\p{L}\p{N}]/u.test(text), 'validation_no_letters')
				.refine((text) => text.length === 0 || visibleLength(text) >= min, {
					message: 'validation_too_short',
					params: { min }
				})
				.refine((text) => visibleLength(text) <= max, { message: 'validation_too_long', params: { max } })
		);
}
