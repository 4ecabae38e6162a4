import type { Locale } from '../paraglide/runtime.js';

/** Dates, numbers and relative times in the reader's language, through Intl (L2). */
const INTL_LOCALES: Record<Locale, string> = { en: 'en-GB', fr: 'fr-BE', nl: 'nl-BE' };

export function formatDate(iso: string, locale: Locale): string {
	return new Intl.DateTimeFormat(INTL_LOCALES[locale], { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(iso));
}

export function formatNumber(value: number, locale: Locale): string {
	return new Intl.NumberFormat(INTL_LOCALES[locale]).format(value);
}

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
	['year', 365 * 86_400_000],
	['month', 30 * 86_400_000],
	['week', 7 * 86_400_000],
	['day', 86_400_000],
	['hour', 3_600_000],
	['minute', 60_000]
];

/** "3 days ago", "in 2 weeks"; under a minute either way is `justNow` (Intl has no words for it in every language). */
export function formatRelative(iso: string, now: Date, locale: Locale, justNow: string): string {
	const difference = new Date(iso).getTime() - now.getTime();
	const format = new Intl.RelativeTimeFormat(INTL_LOCALES[locale], { numeric: 'auto' });
	for (const [unit, size] of UNITS) {
		if (Math.abs(difference) >= size) return format.format(Math.round(difference / size), unit);
	}
	return justNow;
}

/** Whole days from `now` until `iso`, never negative. */
export function daysUntil(iso: string, now: Date): number {
	return Math.max(0, Math.ceil((new Date(iso).getTime() - now.getTime()) / 86_400_000));
}

/** A moment to the minute ("1 Dec 2026, 13:05"), e.g. until when something stays possible. */
export function formatDateTime(iso: string, locale: Locale): string {
	return new Intl.DateTimeFormat(INTL_LOCALES[locale], { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
