import { parseArgs } from 'node:util';

export interface BenchOptions {
	readonly listenerCounts: readonly number[];
	readonly durationSeconds: number;
	readonly ratePerSecond: number;
	readonly jsonFile: string | null;
}

export const USAGE = 'usage: tsx bench/fanout/run.ts [--k 500,2000] [--duration-s 10] [--rate 20] [--json results.json]';

export class UsageError extends Error {
	override name = 'UsageError';
}

function positiveNumber(flag: string, text: string, { integer }: { integer: boolean }): number {
	const value = Number(text);
	if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
		throw new UsageError(`--${flag} must be a positive ${integer ? 'integer' : 'number'}, not "${text}"`);
	}
	return value;
}

function parseFlags(argv: readonly string[]) {
	try {
		return parseArgs({
			args: [...argv],
			strict: true,
			options: {
				k: { type: 'string', default: '500,2000' },
				'duration-s': { type: 'string', default: '10' },
				rate: { type: 'string', default: '20' },
				json: { type: 'string' }
			}
		}).values;
	} catch (error) {
		throw new UsageError(error instanceof Error ? error.message : String(error));
	}
}

export function parseOptions(argv: readonly string[]): BenchOptions {
	const values = parseFlags(argv);
	return {
		listenerCounts: values.k.split(',').map((part) => positiveNumber('k', part.trim(), { integer: true })),
		durationSeconds: positiveNumber('duration-s', values['duration-s'], { integer: false }),
		ratePerSecond: positiveNumber('rate', values.rate, { integer: false }),
		jsonFile: values.json ?? null
	};
}
