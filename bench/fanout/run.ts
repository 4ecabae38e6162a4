/**
 * `npm run bench:fanout`: how fast a vote's new counts reach K listeners through Agora, next to a bare Socket.io
 * server doing only the broadcast, on the same machine in the same run. See bench/fanout/README.md.
 */
import { writeFile } from 'node:fs/promises';
import { cpus, release, totalmem, type as osType } from 'node:os';
import { relative } from 'node:path';
import { startAgora } from './agora-target';
import { parseOptions, USAGE, UsageError, type BenchOptions } from './args';
import { measureFanout, type PhaseMetrics } from './phase';
import { startReference } from './reference-target';
import { formatTable } from './report';
import type { TargetSize } from './target';

const SIZE: TargetSize = { voters: 20, ideas: 8 };
const WARMUP_SECONDS = 1;

interface KResult {
	readonly listeners: number;
	readonly agora: PhaseMetrics;
	readonly reference: PhaseMetrics;
}

function say(text: string): void {
	process.stdout.write(`${text}\n`);
}

function describeMachine(): string {
	const cores = cpus();
	const memoryGiB = (totalmem() / 2 ** 30).toFixed(1);
	return `${cores[0]?.model.trim() ?? 'unknown CPU'}, ${cores.length} cores, ${memoryGiB} GiB RAM, Node ${process.version}, ${osType()} ${release()}`;
}

function commandLine(): string {
	const args = process.argv.slice(2).join(' ');
	if (process.env.npm_lifecycle_event === 'bench:fanout') return `npm run bench:fanout${args ? ` -- ${args}` : ''}`;
	return `npx tsx ${relative(process.cwd(), process.argv[1] ?? 'bench/fanout/run.ts')}${args ? ` ${args}` : ''}`;
}

async function runAll(options: BenchOptions): Promise<KResult[]> {
	const drive = { ratePerSecond: options.ratePerSecond, warmupSeconds: WARMUP_SECONDS, durationSeconds: options.durationSeconds };
	const results: KResult[] = [];
	for (const listeners of options.listenerCounts) {
		say(`\n… K = ${listeners}: Agora`);
		const agora = await measureFanout(() => startAgora(SIZE), listeners, drive);
		say(`… K = ${listeners}: bare Socket.io`);
		const reference = await measureFanout(() => startReference(SIZE), listeners, drive);
		say(`\n${formatTable(listeners, agora, reference)}`);
		results.push({ listeners, agora, reference });
	}
	return results;
}

async function main(): Promise<void> {
	const options = parseOptions(process.argv.slice(2));
	const machine = describeMachine();
	const command = commandLine();
	say(`machine: ${machine}`);
	say(`command: ${command}`);
	say(
		`load: ${options.ratePerSecond} votes/s for ${options.durationSeconds} s (after ${WARMUP_SECONDS} s of warm-up) per side, ${SIZE.voters} voters over ${SIZE.ideas} ideas, ` +
			`K = ${options.listenerCounts.join(', ')} listeners`
	);
	const results = await runAll(options);
	if (options.jsonFile) {
		// Float64Array samples are already reduced to percentiles; JSON gets plain numbers.
		await writeFile(options.jsonFile, `${JSON.stringify({ machine, command, options, warmupSeconds: WARMUP_SECONDS, size: SIZE, results }, null, '\t')}\n`);
		say(`\nresults written to ${options.jsonFile}`);
	}
}

main().then(
	// Everything is closed by now; exiting explicitly guards the bounded run against a stray handle in a library.
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(`${error instanceof UsageError ? `${error.message}\n${USAGE}` : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exit(error instanceof UsageError ? 2 : 1);
	}
);
