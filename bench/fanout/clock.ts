/**
 * Milliseconds on the machine's monotonic clock. Unlike `performance.now()`, whose origin is the start of each
 * process, this reads the same clock in every process, so a cast timed here and a delivery timed in a listener
 * process can be subtracted.
 */
export function nowMs(): number {
	return Number(process.hrtime.bigint()) / 1e6;
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** CPU time (user + system) this process used since `since`, a `process.cpuUsage()` reading, in seconds. */
export function cpuSecondsSince(since: NodeJS.CpuUsage): number {
	const used = process.cpuUsage(since);
	return (used.user + used.system) / 1e6;
}
