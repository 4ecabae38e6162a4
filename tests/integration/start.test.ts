import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startNodeProcess } from '../support/node-process';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('npm start (server/index.ts)', () => {
	it('refuses a wrong configuration with exit code 78 and a message naming each bad variable', () => {
		const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
			cwd: ROOT,
			env: { ...process.env, PORT: 'eighty', DATABASE_URL: 'mysql://nope', REDIS_URL: '' },
			encoding: 'utf8',
			timeout: 30_000
		});
		expect(result.status).toBe(78);
		expect(result.stderr).toMatch(/PORT:/);
		expect(result.stderr).toMatch(/DATABASE_URL: must start with postgres/);
		expect(result.stderr).toContain('docs/CONFIG.md');
	});

	it('serves on its embedded defaults and shuts down cleanly on SIGTERM', async () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'agora-start-'));
		try {
			const node = await startNodeProcess({ DATA_DIR: dataDir });
			const health = await fetch(`${node.url}/healthz`);
			expect(await health.json()).toMatchObject({ status: 'ok', store: { dialect: 'sqlite' }, redis: null });
			expect((await fetch(`${node.url}/`)).status).toBe(200);
			expect(await node.stop()).toBe(0);
		} finally {
			rmSync(dataDir, { recursive: true, force: true });
		}
	});
});
