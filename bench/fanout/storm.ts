/**
 * `npm run bench:fanout:storm`: a storm of votes on ONE idea watched by K listeners, through Agora (counts coalesced
 * per idea per window, V6) and through a bare Socket.io server broadcasting every vote, in the same run. Reports
 * staleness: from a vote's commit until every listener shows counts that include it. See bench/fanout/README.md.
 */
import { writeFile } from 'node:fs/promises';
import { cpus, release, totalmem, type as osType } from 'node:os';
import { parseArgs } from 'node:util';
import { startAgora } from './agora-target';
import { cpuSecondsSince, nowMs } from './clock';
import type { DriveOptions } from './driver';
import type { SettleReport } from './listener-messages';
import { openListeners, type ListenerPool } from './listeners';
import { startReference } from './reference-target';
import { percentilesOf, type Percentiles } from './stats';
import { driveStorm, type StormDriveResult } from './storm-driver';
import type { FanoutTarget, TargetSize } from './target';

/** Voters casting in turn; each has at most one cast in flight, so at 500 votes/s each casts every 200 ms. */
const SIZE: TargetSize = { voters: 100, ideas: 1 };
const WARMUP_SECONDS = 1;
/** How long, after the last ack, every listener may take to show the last counts. */
const SETTLE_TIMEOUT_MS = 15_000;

interface StormMetrics {
	readonly listeners: number;
	readonly connectSeconds: number;
	readonly scheduled: number;
	readonly acked: number;
	readonly skipped: number;
	readonly late: number;
	readonly failed: number;
	readonly firstFailure: string | null;
	readonly ackMs: Percentiles;
	/** Commit → the last listener shows it; a vote some listener never showed within the timeout counts as Infinity. */
	readonly stalenessMs: Percentiles;
	readonly shownByAll: number;
	readonly deliveriesPerSecond: number;
	readonly serverCpuPercent: number;
	readonly listenerCpuPercent: number;
	readonly droppedListeners: number;
}

/** The shape of one side's figures; `measureStorm` fills it. */
function metricsOf(driven: StormDriveResult, shown: SettleReport, target: FanoutTarget, connectSeconds: number, cpu: { server: number; wall: number }): StormMetrics {
	const ideaId = target.ideaIds[0]!;
	const staleness = driven.casts.map(({ votesVersion, ackedAt }) => {
		if (shown.shownBy[votesVersion] !== shown.listeners) return Number.POSITIVE_INFINITY;
		return shown.allShownAt[votesVersion]! - (target.committedAt(ideaId, votesVersion) ?? ackedAt);
	});
	return {
		listeners: shown.listeners,
		connectSeconds,
		scheduled: driven.scheduled,
		acked: driven.casts.length,
		skipped: driven.skipped,
		late: driven.late,
		failed: driven.failed,
		firstFailure: driven.firstFailure,
		ackMs: percentilesOf(Float64Array.from(driven.casts.map((cast) => cast.ackedAt - cast.sentAt))),
		stalenessMs: percentilesOf(Float64Array.from(staleness)),
		shownByAll: staleness.filter(Number.isFinite).length,
		// Warm-up included on both sides: from the first slot to the last delivery.
		deliveriesPerSecond: shown.deliveries / ((shown.lastDeliveryAt - driven.startedAt) / 1000),
		serverCpuPercent: (100 * cpu.server) / cpu.wall,
		listenerCpuPercent: (100 * shown.cpuSeconds) / cpu.wall,
		droppedListeners: shown.dropped
	};
}

async function measureStorm(start: () => Promise<FanoutTarget>, listenerCount: number, drive: DriveOptions): Promise<StormMetrics> {
	const target = await start();
	let listeners: ListenerPool | null = null;
	try {
		listeners = await openListeners(target.listenerEndpoint, listenerCount, 'staleness');
		const cpuBefore = process.cpuUsage();
		const driven = await driveStorm(target, drive);
		const shown = await listeners.settle(driven.lastVersion, SETTLE_TIMEOUT_MS);
		const cpu = { server: cpuSecondsSince(cpuBefore), wall: (nowMs() - driven.startedAt) / 1000 };
		return metricsOf(driven, shown, target, listeners.connectSeconds, cpu);
	} finally {
		// The server first: a side that fell behind would otherwise go on broadcasting its backlog to the listeners.
		await target.close();
		await listeners?.close();
	}
}

function format(value: number, digits: number): string {
	if (value === Number.POSITIVE_INFINITY) return `> ${SETTLE_TIMEOUT_MS / 1000} s`;
	return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

function table(agora: StormMetrics, reference: StormMetrics): string {
	const rows: [string, string, string][] = [
		['metric', 'Agora (coalesced)', 'bare Socket.io (every vote)'],
		['staleness p50 (ms)', format(agora.stalenessMs.p50, 1), format(reference.stalenessMs.p50, 1)],
		['staleness p99 (ms)', format(agora.stalenessMs.p99, 1), format(reference.stalenessMs.p99, 1)],
		['votes shown by every listener / acked', `${agora.shownByAll} / ${agora.acked}`, `${reference.shownByAll} / ${reference.acked}`],
		['cast → ack p50 (ms)', format(agora.ackMs.p50, 1), format(reference.ackMs.p50, 1)],
		['cast → ack p99 (ms)', format(agora.ackMs.p99, 1), format(reference.ackMs.p99, 1)],
		['votes acked / scheduled', `${agora.acked} / ${agora.scheduled}`, `${reference.acked} / ${reference.scheduled}`],
		['slots too late to cast (server busy)', `${agora.late}`, `${reference.late}`],
		['deliveries / s (all listeners)', format(agora.deliveriesPerSecond, 0), format(reference.deliveriesPerSecond, 0)],
		['server process CPU (% of a core)', format(agora.serverCpuPercent, 0), format(reference.serverCpuPercent, 0)],
		['listener processes CPU (% of a core)', format(agora.listenerCpuPercent, 0), format(reference.listenerCpuPercent, 0)],
		['connect + join listeners (s)', format(agora.connectSeconds, 1), format(reference.connectSeconds, 1)]
	];
	const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
	const line = (row: [string, string, string]) => `${row[0].padEnd(widths[0]!)} | ${row[1].padStart(widths[1]!)} | ${row[2].padStart(widths[2]!)}`;
	const warnings: string[] = [];
	for (const [side, metrics] of [['Agora', agora], ['bare Socket.io', reference]] as const) {
		if (metrics.skipped > 0) warnings.push(`  ! ${side}: ${metrics.skipped} slots skipped (every voter still had a cast in flight)`);
		if (metrics.failed > 0) warnings.push(`  ! ${side}: ${metrics.failed} casts failed, first: ${metrics.firstFailure ?? '?'}`);
		if (metrics.droppedListeners > 0) warnings.push(`  ! ${side}: ${metrics.droppedListeners} listeners lost their connection`);
	}
	return [line(rows[0]!), widths.map((width) => '-'.repeat(width)).join('-+-'), ...rows.slice(1).map(line), ...warnings].join('\n');
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: { k: { type: 'string', default: '2000' }, rate: { type: 'string', default: '500' }, 'duration-s': { type: 'string', default: '10' }, json: { type: 'string' } },
		strict: true
	});
	const listeners = Number(values.k);
	const drive: DriveOptions = { ratePerSecond: Number(values.rate), warmupSeconds: WARMUP_SECONDS, durationSeconds: Number(values['duration-s']) };
	if (!Number.isInteger(listeners) || listeners < 1 || !(drive.ratePerSecond > 0) || !(drive.durationSeconds > 0)) {
		throw new Error('usage: tsx bench/fanout/storm.ts [--k 2000] [--rate 500] [--duration-s 10] [--json results.json]');
	}
	const say = (text: string) => process.stdout.write(`${text}\n`);
	const cores = cpus();
	const machine = `${cores[0]?.model.trim() ?? 'unknown CPU'}, ${cores.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${osType()} ${release()}`;
	say(`machine: ${machine}`);
	say(`storm: ${drive.ratePerSecond} votes/s on one idea for ${drive.durationSeconds} s (after ${WARMUP_SECONDS} s of warm-up), ${SIZE.voters} voters, K = ${listeners} listeners`);
	say('… Agora');
	const agora = await measureStorm(() => startAgora(SIZE), listeners, drive);
	// Printed at once: the other side may take long to stop if it fell behind.
	say(JSON.stringify(agora));
	say('… bare Socket.io');
	const reference = await measureStorm(() => startReference(SIZE), listeners, drive);
	say(`\n${table(agora, reference)}`);
	if (values.json) {
		await writeFile(values.json, `${JSON.stringify({ machine, drive, size: SIZE, agora, reference }, null, '\t')}\n`);
		say(`\nresults written to ${values.json}`);
	}
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exit(1);
	}
);
