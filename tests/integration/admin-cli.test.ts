import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/lib/server/app';
import { readConfig } from '../../src/lib/server/config';
import { runAgora } from '../support/agora-cli';

describe('[AD1] the first-admin command', () => {
	let dataDir: string;
	beforeEach(() => {
		dataDir = mkdtempSync(join(tmpdir(), 'agora-cli-'));
	});
	afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

	const signInWorks = async (email: string, password: string) => {
		const app = await createApp(readConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
		try {
			const { account } = await app.services.accounts.signIn({ email, password });
			return account;
		} finally {
			await app.close();
		}
	};

	it('creates an admin in a fresh data folder from a piped password, who can then sign in', async () => {
		const result = await runAgora(['admin', 'create', '--email', 'Chief@City.example', '--name', 'City Administrator', '--password-stdin'], {
			env: { DATA_DIR: dataDir },
			stdin: 'a long passphrase for the city\n'
		});
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('Created admin chief@city.example');
		expect(await signInWorks('chief@city.example', 'a long passphrase for the city')).toMatchObject({ role: 'admin', displayName: 'City Administrator' });
	}, 60_000);

	it('refuses a weak password with the accounts rules (65), and a second account with the same e-mail (73)', async () => {
		const env = { DATA_DIR: dataDir };
		const weak = await runAgora(['admin', 'create', '--email', 'chief@city.example', '--name', 'Chief', '--password-stdin'], { env, stdin: 'password1234\n' });
		expect(weak.code).toBe(65);
		expect(weak.stderr).toMatch(/password: .*common/i);
		const first = await runAgora(['admin', 'create', '--email', 'chief@city.example', '--name', 'Chief', '--password-stdin'], { env, stdin: 'a long passphrase here\n' });
		expect(first.code).toBe(0);
		const again = await runAgora(['admin', 'create', '--email', 'chief@city.example', '--name', 'Other', '--password-stdin'], { env, stdin: 'another long passphrase\n' });
		expect(again.code).toBe(73);
		expect(again.stderr).toContain('--promote');
		// The first password still signs in: nothing was overwritten.
		expect(await signInWorks('chief@city.example', 'a long passphrase here')).toMatchObject({ displayName: 'Chief' });
	}, 120_000);

	it('--promote gives an existing account the role (0), and says when nobody has the e-mail (67)', async () => {
		const app = await createApp(readConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
		await app.services.accounts.signUp({ email: 'amira@test.example', password: 'a long passphrase', displayName: 'Amira' });
		await app.close();
		const promoted = await runAgora(['admin', 'create', '--email', 'amira@test.example', '--promote', '--role', 'moderator'], { env: { DATA_DIR: dataDir } });
		expect(promoted.code).toBe(0);
		expect(promoted.stdout).toContain('is now moderator');
		expect(await signInWorks('amira@test.example', 'a long passphrase')).toMatchObject({ role: 'moderator' });
		const nobody = await runAgora(['admin', 'create', '--email', 'nobody@test.example', '--promote'], { env: { DATA_DIR: dataDir } });
		expect(nobody.code).toBe(67);
	}, 60_000);

	it('says how to use it (64) and refuses a terminal-less prompt (server/cli.test.ts has the other usage errors); a city without districts is a configuration error (78)', async () => {
		const noEmail = await runAgora(['admin', 'create', '--name', 'X'], { env: { DATA_DIR: dataDir } });
		expect(noEmail.code).toBe(64);
		expect(noEmail.stderr).toContain('--email is required');
		const noTty = await runAgora(['admin', 'create', '--email', 'a@b.example', '--name', 'Alex'], { env: { DATA_DIR: dataDir } });
		expect(noTty.code).toBe(64);
		expect(noTty.stderr).toContain('--password-stdin');
		const fresh = join(dataDir, 'ghent');
		const ghent = await runAgora(['admin', 'create', '--email', 'a@b.example', '--name', 'Alex', '--password-stdin'], {
			env: { DATA_DIR: fresh, CITY_NAME: 'Ghent' },
			stdin: 'a long passphrase here\n'
		});
		expect(ghent.code).toBe(78);
		expect(ghent.stderr).toContain('CITY_DISTRICTS_FILE');
	}, 120_000);
});
