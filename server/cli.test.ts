import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli';

/** The command in this process, with piped streams: for the usage errors that need no real process. */
async function run(argv: string[], stdinText = '', env: Record<string, string> = { DATA_DIR: ':memory:', LOG_LEVEL: 'silent' }) {
	const stdin = new PassThrough() as unknown as NodeJS.ReadStream;
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	let out = '';
	let err = '';
	stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
	stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
	(stdin as unknown as PassThrough).end(stdinText);
	const code = await runCli(argv, { stdin, stdout, stderr, env });
	return { code, out, err };
}

describe('[AD1] the operator command line', () => {
	it('says how to use it for no command, an unknown one, an unknown flag or a missing value (64)', async () => {
		expect((await run([])).code).toBe(64);
		expect((await run(['help'])).code).toBe(0);
		expect((await run(['admin', 'delete'])).err).toContain('unknown command: admin delete');
		expect((await run(['admin', 'create', '--email', 'a@b.example', '--name', 'A', '--nope'])).code).toBe(64);
		expect((await run(['admin', 'create', '--email', 'a@b.example'])).err).toContain('--name is required');
		expect((await run(['admin', 'create', '--email', 'a@b.example', '--name', 'Alex', '--role', 'citizen'])).err).toContain('--role must be');
	});

	it('refuses a short password and a bad e-mail beside their names (65), and creates with a good one (0)', async () => {
		const short = await run(['admin', 'create', '--email', 'chief@city.example', '--name', 'Chief', '--password-stdin'], 'short\n');
		expect(short).toMatchObject({ code: 65 });
		expect(short.err).toContain('password: Use at least 10 characters.');
		const email = await run(['admin', 'create', '--email', 'not-an-email', '--name', 'Chief', '--password-stdin'], 'a long passphrase here\n');
		expect(email.code).toBe(65);
		expect(email.err).toContain('--email: Enter a valid e-mail address.');
		const good = await run(['admin', 'create', '--email', 'chief@city.example', '--name', 'Chief', '--password-stdin'], 'a long passphrase here\r\nignored second line\n');
		expect(good.code).toBe(0);
	});

	it('[PT10] points rebuild derives the balances from the ledger (0) and refuses arguments (64)', async () => {
		const done = await run(['points', 'rebuild']);
		expect(done).toMatchObject({ code: 0 });
		expect(done.out).toMatch(/^Rebuilt 0 balances from the points ledger in \d+ ms\.\n$/);
		expect((await run(['points', 'rebuild', '--all'])).code).toBe(64);
	});

	it('a wrong configuration is exit 78 with the variable named', async () => {
		const wrong = await run(['admin', 'create', '--email', 'a@b.example', '--name', 'Alex', '--password-stdin'], 'a long passphrase here\n', { PORT: 'many', LOG_LEVEL: 'silent' });
		expect(wrong.code).toBe(78);
		expect(wrong.err).toContain('PORT');
	});
});
