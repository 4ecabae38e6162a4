import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

/**
 * One runner for every tier, so `npm test` prints one summary and CI reads one JSON report.
 * Playwright drives Chromium from inside Vitest (playwright-core), instead of Playwright's own runner: see docs/TESTING.md.
 */
export default defineConfig({
	test: {
		pool: 'forks',
		// Vitest's default is one worker on a 2-core machine, and most tests here wait on sockets, timers and Chromium
		// rather than compute: two workers take a quarter off the run with the browser tests still one file at a time.
		maxWorkers: 2,
		projects: [
			// The Svelte plugin compiles runes in *.svelte.ts state classes, so they are tested like any module.
			{ plugins: [svelte()], test: { name: 'unit', include: ['src/**/*.test.ts', 'server/**/*.test.ts'], environment: 'node' } },
			{ test: { name: 'contract', include: ['tests/contract/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 30_000 } },
			{ test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 } },
			{ test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 90_000, fileParallelism: false } }
		]
	}
});
