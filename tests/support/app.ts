import { createApp, type App } from '../../src/lib/server/app';
import type { Clock, RateLimits } from '../../src/lib/server/ports';
import { readConfig } from '../../src/lib/server/config';
import type { DomainEvent } from '../../src/lib/domain/events';
import type { StatementListener } from '../../src/lib/server/storage/db';

/**
 * The real composition root on a private in-memory SQLite database (service tests); `env` may point elsewhere.
 * Its clock steps a millisecond per reading, so "newest first" is never decided by a tie.
 */
export async function createTestApp(
	env: Record<string, string> = {},
	options: { clock?: Clock; limits?: RateLimits; onStatement?: StatementListener } = {}
): Promise<App> {
	return createApp(readConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', ...env }), { clock: steppingClock(), ...options });
}

/** A clock that moves one millisecond each time it is read, so records made in a row have distinct times. */
export function steppingClock(start = new Date()) {
	let now = start.getTime();
	return { now: () => new Date(now++) };
}

/** A clock that stands still until a test moves it. */
export function manualClock(start = new Date('2026-06-01T10:00:00Z')) {
	let now = start.getTime();
	return {
		now: () => new Date(now),
		advance(milliseconds: number) {
			now += milliseconds;
		}
	};
}

/** Collects every domain event the app publishes from now on (those `keep` accepts, when given). */
export function recordEvents(app: App, keep: (event: DomainEvent) => boolean = () => true): DomainEvent[] {
	const events: DomainEvent[] = [];
	app.events.subscribe((event) => keep(event) && events.push(event));
	return events;
}

/**
 * The facts of the services a test calls, without those of the listening services (the notifier's N1, the points
 * ledger's PT1), which follow them on their own schedule.
 */
export const withoutListeners = (event: DomainEvent): boolean => !/^(notification|points|badge)\./.test(event.type);
