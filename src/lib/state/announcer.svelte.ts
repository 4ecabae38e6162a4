/**
 * Live changes spoken to screen readers politely and in batches: many ideas arriving within a moment are one
 * sentence ("3 new ideas"), and votes are never announced one by one. The words come from the caller (its language).
 */
export class Announcer {
	message = $state('');
	// Counts waiting to be spoken, not shown: nothing renders from it, so it need not be reactive.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #pending = new Map<string, number>();
	#timer: ReturnType<typeof setTimeout> | undefined;
	readonly #waitMs: number;
	readonly #describe: (kind: string, count: number) => string;

	constructor(describe: (kind: string, count: number) => string, waitMs = 1_500) {
		this.#describe = describe;
		this.#waitMs = waitMs;
	}

	/** Counts one more `kind` (e.g. "idea"); the sentence is spoken once things have been quiet for a moment. */
	note(kind: string): void {
		this.#pending.set(kind, (this.#pending.get(kind) ?? 0) + 1);
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => this.flush(), this.#waitMs);
	}

	/** Says something now (the person's own action, e.g. "Your idea is posted"). */
	say(message: string): void {
		this.message = message;
	}

	flush(): void {
		const sentences = [...this.#pending].map(([kind, count]) => this.#describe(kind, count));
		this.#pending.clear();
		if (sentences.length > 0) this.message = sentences.join(' ');
	}
}
