import { getContext, setContext } from 'svelte';
import type { BadgeLevel } from '../domain/points';

/**
 * The signed-in person's own points as the header shows them: the total the page was rendered with, then each
 * `points:changed` (PT1). New badges (BG8) are announced once per badge and level, however many tabs, reconnections
 * or repeated facts bring them.
 */
export class OwnPoints {
	total = $state<number | null>(null);
	// A record of what was announced, not shown: nothing renders it.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #announced = new Set<string>();

	constructor(total: number | null) {
		this.total = total;
	}

	/** A fresh total from the server (a load after signing in or out). */
	reset(total: number | null): void {
		this.total = total;
	}

	/** `points:changed`: the all-time total after the new lines. */
	changed(total: number): void {
		this.total = total;
	}

	/** `badge:awarded`: the badges not announced before, to show once. */
	awarded(badges: readonly BadgeLevel[]): BadgeLevel[] {
		const fresh = badges.filter((badge) => !this.#announced.has(`${badge.kind}:${badge.level}`));
		for (const badge of fresh) this.#announced.add(`${badge.kind}:${badge.level}`);
		return fresh;
	}
}

const CONTEXT_KEY = Symbol('own-points');

/** The layout's own-points state, shared with pages (the profile) so both show the same live total. */
export function provideOwnPoints(state: OwnPoints): void {
	setContext(CONTEXT_KEY, state);
}

export function useOwnPoints(): OwnPoints | undefined {
	return getContext<OwnPoints | undefined>(CONTEXT_KEY);
}
