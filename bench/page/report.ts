import { KINDS, type Kind, type PageLoad } from './measure';

export interface Scenario {
	readonly ideas: number;
	readonly persona: 'guest' | 'citizen';
	readonly load: PageLoad;
}

/** The targets: compressed HTML, gzipped JavaScript, and no second download of the list. */
export const BUDGET = { documentWire: 100 * 1024, scriptGzip: 150 * 1024, ideasDownloadedAgain: 0 } as const;

export function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${Math.round(value)} ms`;

function row(label: string, now: string, before: string | null, budget: string): string {
	return `| ${label} | ${now} | ${before ?? '—'} | ${budget} |`;
}

function transferRows(load: PageLoad, before: PageLoad | null): string[] {
	const budgets: Partial<Record<Kind, string>> = { document: `≤ ${kb(BUDGET.documentWire)} on the wire`, script: `≤ ${kb(BUDGET.scriptGzip)} gzip` };
	return KINDS.map((kind) => {
		const now = load.transfers[kind];
		const old = before?.transfers[kind];
		const cell = (t: typeof now) => `${kb(t.wire)} / ${kb(t.decoded)} / ${kb(t.gzip)} (${t.requests})`;
		return row(`${kind}: wire / decoded / gzip (requests)`, cell(now), old ? cell(old) : null, budgets[kind] ?? '');
	});
}

/** One markdown table per scenario: now, before, budget. */
export function formatTable(scenario: Scenario, before: Scenario | null, runs: number): string {
	const { load } = scenario;
	const old = before?.load ?? null;
	const wireTotal = (l: PageLoad) => KINDS.reduce((sum, kind) => sum + l.transfers[kind].wire, 0);
	return [
		`${scenario.ideas} ideas, ${scenario.persona === 'guest' ? 'guest' : 'signed-in citizen'} (median of ${runs} cold load(s))`,
		'',
		'| | now | before | budget |',
		'|---|---:|---:|---:|',
		...transferRows(load, old),
		row('total on the wire', kb(wireTotal(load)), old ? kb(wireTotal(old)) : null, ''),
		row('document Content-Encoding', load.documentEncoding, old?.documentEncoding ?? null, 'br or gzip'),
		row('DOMContentLoaded', ms(load.domContentLoadedMs), old ? ms(old.domContentLoadedMs) : null, ''),
		row('LCP', ms(load.lcpMs), old ? ms(old.lcpMs) : null, ''),
		row('ideas shown / downloaded again', `${load.ideasShown} / ${load.ideasDownloadedAgain}`, old ? `${old.ideasShown} / ${old.ideasDownloadedAgain}` : null, `… / ${BUDGET.ideasDownloadedAgain}`)
	].join('\n');
}
