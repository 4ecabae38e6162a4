import type { PhaseMetrics } from './phase';

interface Row {
	readonly metric: string;
	readonly agora: string;
	readonly reference: string;
	readonly ratio: string;
}

function formatRatio(agora: number, reference: number): string {
	return Number.isFinite(agora) && Number.isFinite(reference) && reference !== 0 ? `${(agora / reference).toFixed(2)}×` : '–';
}

function measureRow(metric: string, agora: number, reference: number, digits: number): Row {
	const format = (value: number) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
	return { metric, agora: format(agora), reference: format(reference), ratio: formatRatio(agora, reference) };
}

/** "part / whole" on each side; the ratio compares the fractions. */
function fractionRow(metric: string, agora: readonly [number, number], reference: readonly [number, number]): Row {
	const fraction = ([part, whole]: readonly [number, number]) => (whole === 0 ? Number.NaN : part / whole);
	return {
		metric,
		agora: `${agora[0]} / ${agora[1]}`,
		reference: `${reference[0]} / ${reference[1]}`,
		ratio: formatRatio(fraction(agora), fraction(reference))
	};
}

function rowsOf(agora: PhaseMetrics, reference: PhaseMetrics): Row[] {
	return [
		measureRow('cast → ack p50 (ms)', agora.ackMs.p50, reference.ackMs.p50, 2),
		measureRow('cast → ack p99 (ms)', agora.ackMs.p99, reference.ackMs.p99, 2),
		measureRow('cast → delivery p50 (ms)', agora.deliveryMs.p50, reference.deliveryMs.p50, 2),
		measureRow('cast → delivery p99 (ms)', agora.deliveryMs.p99, reference.deliveryMs.p99, 2),
		measureRow('deliveries / s', agora.deliveriesPerSecond, reference.deliveriesPerSecond, 0),
		fractionRow('delivered / expected', [agora.delivered, agora.expected], [reference.delivered, reference.expected]),
		fractionRow('votes acked / scheduled', [agora.sent - agora.failed, agora.scheduled], [reference.sent - reference.failed, reference.scheduled]),
		measureRow('server process CPU (% of a core)', agora.serverCpuPercent, reference.serverCpuPercent, 0),
		measureRow('listener processes CPU (% of a core)', agora.listenerCpuPercent, reference.listenerCpuPercent, 0),
		measureRow('connect + join listeners (s)', agora.connectSeconds, reference.connectSeconds, 2)
	];
}

function warningsOf(side: string, metrics: PhaseMetrics): string[] {
	const warnings: string[] = [];
	if (metrics.skipped > 0) warnings.push(`${side}: ${metrics.skipped} slots skipped (every idea still had a cast in flight)`);
	if (metrics.failed > 0) warnings.push(`${side}: ${metrics.failed} casts failed, first: ${metrics.firstFailure ?? '?'}`);
	if (metrics.unmatched > 0) warnings.push(`${side}: ${metrics.unmatched} deliveries matched no cast`);
	if (metrics.droppedListeners > 0) warnings.push(`${side}: ${metrics.droppedListeners} listeners lost their connection`);
	return warnings;
}

export function formatTable(listenerCount: number, agora: PhaseMetrics, reference: PhaseMetrics): string {
	const header: Row = { metric: 'metric', agora: 'Agora', reference: 'bare Socket.io', ratio: 'ratio (Agora/ref)' };
	const rows = rowsOf(agora, reference);
	const width = (pick: (row: Row) => string) => Math.max(...[header, ...rows].map((row) => pick(row).length));
	const widths = { metric: width((row) => row.metric), agora: width((row) => row.agora), reference: width((row) => row.reference), ratio: width((row) => row.ratio) };
	const line = (row: Row) =>
		`${row.metric.padEnd(widths.metric)} | ${row.agora.padStart(widths.agora)} | ${row.reference.padStart(widths.reference)} | ${row.ratio.padStart(widths.ratio)}`;
	const rule = `${'-'.repeat(widths.metric)}-+-${'-'.repeat(widths.agora)}-+-${'-'.repeat(widths.reference)}-+-${'-'.repeat(widths.ratio)}`;
	const warnings = [...warningsOf('Agora', agora), ...warningsOf('bare Socket.io', reference)].map((warning) => `  ! ${warning}`);
	return [`K = ${listenerCount} listeners`, line(header), rule, ...rows.map(line), ...warnings].join('\n');
}
