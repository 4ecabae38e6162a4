import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createApp, type App } from '../src/lib/server/app';
import { ConfigError, readConfig } from '../src/lib/server/config';
import { isDomainError } from '../src/lib/domain/errors';
import { describeDomainError } from '../src/lib/i18n/domain-messages';
import { type Role } from '../src/lib/domain/actors';

/**
 * The operator's command line (AD1): `npm run agora -- admin create --email … --name …`, `… points rebuild` (PT10). It reads the same
 * environment as the server (DATA_DIR, DATABASE_URL, CITY_…) and goes through the accounts service, never SQL.
 * Exit codes follow sysexits: 0 done, 64 wrong usage, 65 refused input, 67 no such account (--promote), 73 the
 * account exists, 78 configuration.
 */
export const EXIT = { ok: 0, usage: 64, dataError: 65, noUser: 67, cannotCreate: 73, config: 78, failure: 1 } as const;

const USAGE = `Usage:
  npm run agora -- admin create --email <e-mail> --name <display name> [--role admin|moderator|facilitator]
                                [--password-stdin] [--promote]

  Creates a staff account (an admin unless --role says otherwise) in the database the server uses
  (DATA_DIR or DATABASE_URL, read from the environment as the server reads it).
  The password is asked twice without echo on a terminal; with --password-stdin it is read from
  standard input (the first line), e.g.  printf '%s\\n' "$PASSWORD" | npm run agora -- admin create ...
  --promote   the e-mail has an account already: give that account the role instead (no password is asked).

  npm run agora -- points rebuild

  Derives every points balance again from the points ledger, and reloads the leaderboards' ranks from
  them (PT10): after restoring a backup, or to check that the live figures are the ledger's.
`;

export interface CliIo {
	readonly stdin: NodeJS.ReadStream;
	readonly stdout: NodeJS.WritableStream;
	readonly stderr: NodeJS.WritableStream;
	readonly env: Readonly<Record<string, string | undefined>>;
}

class UsageError extends Error {}
/** Input the operator typed that cannot be used (65), e.g. two different passwords. */
class RefusedInput extends Error {}

/** Reads the first line of a piped standard input. */
async function readLine(stdin: NodeJS.ReadStream): Promise<string> {
	let text = '';
	stdin.setEncoding('utf8');
	for await (const chunk of stdin) {
		text += chunk as string;
		if (text.includes('\n') || text.length > 10_000) break;
	}
	return text.split(/\r?\n/)[0] ?? '';
}

/**
 * Asks for secrets on a terminal without echoing them (raw mode, one key at a time). Keys typed ahead (both
 * passwords pasted at once) wait for the next question instead of being lost.
 */
function hiddenPrompter(io: CliIo): (question: string) => Promise<string> {
	const { stdin, stdout } = io;
	let typedAhead = '';
	return (question) =>
		new Promise((resolve, reject) => {
			stdout.write(question);
			let answer = '';
			const finish = (error?: Error) => {
				stdin.off('data', onData);
				stdin.setRawMode(false);
				stdin.pause();
				stdout.write('\n');
				if (error) reject(error);
				else resolve(answer);
			};
			const onData = (chunk: string) => {
				const characters = [...typedAhead + chunk];
				typedAhead = '';
				for (const [index, character] of characters.entries()) {
					if (character === '\r' || character === '\n' || character === '\u0004') {
						typedAhead = characters.slice(index + 1).join('').replace(/^\n/, '');
						return finish();
					}
					if (character === '\u0003') return finish(new UsageError('cancelled'));
					if (character === '\u007f' || character === '\b') answer = answer.slice(0, -1);
					else if (character >= ' ') answer += character;
				}
			};
			stdin.setRawMode(true);
			stdin.setEncoding('utf8');
			stdin.on('data', onData);
			stdin.resume();
			if (typedAhead) onData('');
		});
}

async function passwordFrom(io: CliIo, fromStdin: boolean): Promise<string> {
	if (fromStdin) return readLine(io.stdin);
	if (!io.stdin.isTTY) throw new UsageError('standard input is not a terminal: pass --password-stdin and pipe the password in');
	const ask = hiddenPrompter(io);
	const first = await ask('Password (at least 10 characters): ');
	const second = await ask('Repeat the password: ');
	if (first !== second) throw new RefusedInput('the two passwords differ: nothing was created');
	return first;
}

/** What went wrong with a field, in English (the operator's language here), e.g. "password: Use at least 10 characters." */
function describeRefusal(error: unknown): string {
	if (!isDomainError(error)) throw error;
	const { message, fields = {} } = describeDomainError(error, 'en');
	const names: Record<string, string> = { displayName: '--name', email: '--email', password: 'password' };
	const lines = Object.entries(fields).map(([field, text]) => `  ${names[field] ?? field}: ${text}`);
	return lines.length > 0 ? lines.join('\n') : `  ${message}`;
}

async function adminCreate(io: CliIo, args: string[]): Promise<number> {
	const { values } = parseArgs({
		args,
		options: {
			email: { type: 'string' },
			name: { type: 'string' },
			role: { type: 'string', default: 'admin' },
			'password-stdin': { type: 'boolean', default: false },
			promote: { type: 'boolean', default: false }
		},
		strict: true,
		allowPositionals: false
	});
	if (!values.email) throw new UsageError('--email is required');
	const role = values.role as Role;
	if (!['admin', 'moderator', 'facilitator'].includes(role)) throw new UsageError('--role must be admin, moderator or facilitator');
	if (!values.promote && !values.name) throw new UsageError('--name is required (the name people see beside your answers)');

	const config = readConfig(io.env);
	// The app first: a wrong configuration (AD6) is said before anyone types a password.
	const app: App = await createApp({ ...config, logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel });
	try {
		const password = values.promote ? '' : await passwordFrom(io, values['password-stdin']);
		if (values.promote) {
			const account = await app.services.accounts.promoteByEmail(values.email, role);
			io.stdout.write(`${account.email} (${account.displayName}) is now ${role}.\n`);
			return EXIT.ok;
		}
		const account = await app.services.accounts.createStaff({ email: values.email, password, displayName: values.name, role });
		io.stdout.write(`Created ${role} ${account.email} (${account.displayName}). Sign in at ${config.publicOrigin}/signin, then open /admin.\n`);
		return EXIT.ok;
	} catch (error) {
		if (error instanceof UsageError) throw error;
		if (error instanceof RefusedInput) {
			io.stderr.write(`Refused: ${error.message}\n`);
			return EXIT.dataError;
		}
		if (isDomainError(error)) {
			io.stderr.write(`Refused:\n${describeRefusal(error)}\n`);
			if (error.code === 'conflict') return EXIT.cannotCreate;
			if (error.code === 'not_found') return EXIT.noUser;
			return EXIT.dataError;
		}
		throw error;
	} finally {
		await app.close();
	}
}

async function pointsRebuild(io: CliIo, args: string[]): Promise<number> {
	parseArgs({ args, options: {}, strict: true, allowPositionals: false });
	const config = readConfig(io.env);
	const app: App = await createApp({ ...config, logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel });
	try {
		const started = performance.now();
		const balances = await app.services.points.rebuild();
		io.stdout.write(`Rebuilt ${balances} balances from the points ledger in ${Math.round(performance.now() - started)} ms.\n`);
		return EXIT.ok;
	} finally {
		await app.close();
	}
}

/** Runs one command; resolves with the exit code (never exits the process itself, so tests can call it). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
	const [group, command, ...rest] = argv;
	try {
		if (group === 'admin' && command === 'create') return await adminCreate(io, rest);
		if (group === 'points' && command === 'rebuild') return await pointsRebuild(io, rest);
		if (group === undefined || group === 'help' || group === '--help') {
			io.stdout.write(USAGE);
			return group === undefined ? EXIT.usage : EXIT.ok;
		}
		throw new UsageError(`unknown command: ${[group, command].filter(Boolean).join(' ')}`);
	} catch (error) {
		if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
			io.stderr.write(`agora: ${(error as Error).message}\n\n${USAGE}`);
			return EXIT.usage;
		}
		if (error instanceof ConfigError) {
			io.stderr.write(`agora: ${error.message}\n`);
			return EXIT.config;
		}
		io.stderr.write(`agora: ${error instanceof Error ? error.message : String(error)}\n`);
		return EXIT.failure;
	}
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
		(code) => process.exit(code),
		(error: unknown) => {
			process.stderr.write(`agora: ${String(error)}\n`);
			process.exit(EXIT.failure);
		}
	);
}
