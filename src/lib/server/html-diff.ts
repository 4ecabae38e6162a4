import { diffSequences, type DiffStep } from '../domain/sequence-diff';

/**
 * D36: marks, word by word, what `after` added to `before` (`<ins>`) and what it removed (`<del>`), for two HTML
 * texts that already passed the allowlist (rich-text.ts): well-formed, their text escaped. The result keeps the
 * markup of `after` exactly (its tags are all kept, those only `before` had are dropped), so it is as well-formed as
 * `after`; removed words are shown inside the block they left, never between blocks.
 */
export interface MarkedDiff {
	readonly html: string;
	/** Runs of added words and of removed words. */
	readonly additions: number;
	readonly removals: number;
}

const TOKEN = /<[^>]*>|[^<\s]+|\s+/g;
const isTag = (token: string) => token.startsWith('<');
const isClosingTag = (token: string) => token.startsWith('</');

function tokensOf(html: string): string[] {
	return html.match(TOKEN) ?? [];
}

export function markChanges(before: string, after: string, maxEdits: number): MarkedDiff {
	const a = tokensOf(before);
	const b = tokensOf(after);
	const codes = new Map<string, number>();
	const codeOf = (token: string) => {
		let code = codes.get(token);
		if (code === undefined) codes.set(token, (code = codes.size));
		return code;
	};
	const steps = diffSequences(a.map(codeOf), b.map(codeOf), maxEdits) ?? replaceMiddle(a, b);
	return assemble(a, b, steps);
}

/** Past the edit budget: everything between the common start and end is shown removed, then added. */
function replaceMiddle(a: readonly string[], b: readonly string[]): DiffStep[] {
	let start = 0;
	while (start < a.length && start < b.length && a[start] === b[start]) start++;
	let endA = a.length;
	let endB = b.length;
	while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
		endA--;
		endB--;
	}
	const steps: DiffStep[] = [];
	for (let index = 0; index < start; index++) steps.push({ op: 'equal', index });
	for (let index = start; index < endA; index++) steps.push({ op: 'delete', index });
	for (let index = start; index < endB; index++) steps.push({ op: 'insert', index });
	for (let index = endA; index < a.length; index++) steps.push({ op: 'equal', index });
	return steps;
}

function assemble(a: readonly string[], b: readonly string[], steps: readonly DiffStep[]): MarkedDiff {
	const out: string[] = [];
	let additions = 0;
	let removals = 0;
	let inserted: string[] = [];
	let removed: string[] = [];
	/** Removed words met before any text of `after` (a removal at the very start): shown with the first text. */
	let waiting: string | null = null;

	/** `text`: the token shows words (a word, a space, a marked run), so waiting removals go before it. */
	const put = (token: string, text = !isTag(token)) => {
		if (waiting !== null && text) {
			out.push(waiting);
			waiting = null;
		}
		out.push(token);
	};
	const flushInserted = () => {
		if (inserted.length === 0) return;
		if (inserted.some((token) => token.trim() !== '')) {
			put(`<ins>${inserted.join('')}</ins>`, true);
			additions++;
		} else for (const token of inserted) put(token);
		inserted = [];
	};
	const flushRemoved = () => {
		const words = removed.join('').replace(/\s+/g, ' ');
		removed = [];
		if (words.trim() === '') return;
		removals++;
		// Spaces around the removed words stay outside the mark (a struck-through space reads as a stray line), and only
		// where they part them from a word of the current text.
		const marked = `<del>${words.trim()}</del>`;
		const spaceAfter = words.endsWith(' ') ? ' ' : '';
		// Inside the block just closed: before the closing tags that end the output.
		let at = out.length;
		while (at > 0 && isClosingTag(out[at - 1]!)) at--;
		if (at === 0) {
			waiting = (waiting ?? '') + marked + spaceAfter;
			return;
		}
		const previous = out[at - 1]!;
		const spaceBefore = words.startsWith(' ') && !isTag(previous) && !/\s$/.test(previous) ? ' ' : '';
		out.splice(at, 0, spaceBefore + marked + (at === out.length ? spaceAfter : ''));
	};

	for (const step of steps) {
		if (step.op === 'delete') {
			flushInserted();
			const token = a[step.index]!;
			// Only words and spaces: the tags of a removed block go, its words stay marked.
			removed.push(isTag(token) ? ' ' : token);
			continue;
		}
		flushRemoved();
		const token = step.op === 'equal' ? a[step.index]! : b[step.index]!;
		if (step.op === 'insert' && !isTag(token)) {
			inserted.push(token);
			continue;
		}
		flushInserted();
		put(token);
	}
	flushInserted();
	flushRemoved();
	if (waiting !== null) out.push(`<p>${(waiting as string).trim()}</p>`);
	return { html: out.join(''), additions, removals };
}
