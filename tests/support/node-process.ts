import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface NodeProcess {
	readonly url: string;
	readonly child: ChildProcess;
	/** Sends SIGTERM and waits for a graceful exit; resolves with the exit code. */
	stop(): Promise<number | null>;
}

/** Starts `npm start`'s entry (server/index.ts, production build) as a separate process on a free port. */
export async function startNodeProcess(env: Record<string, string>, timeoutMs = 30_000): Promise<NodeProcess> {
	const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
		cwd: ROOT,
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	const url = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(() => {
			// A process that never said it listens would otherwise outlive the test or benchmark that gave up on it.
			child.kill('SIGKILL');
			reject(new Error(`node did not start in ${timeoutMs} ms:\n${output}`));
		}, timeoutMs);
		child.stdout!.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			for (const line of output.split('\n')) {
				if (!line.includes('"Agora is listening"')) continue;
				clearTimeout(timer);
				resolve((JSON.parse(line) as { url: string }).url);
			}
		});
		child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`node exited with ${code}:\n${output}`));
		});
	});
	return {
		url,
		child,
		stop() {
			if (child.exitCode !== null) return Promise.resolve(child.exitCode);
			return new Promise((resolve) => {
				const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
				child.once('exit', (code) => {
					clearTimeout(killer);
					resolve(code);
				});
				child.kill('SIGTERM');
			});
		}
	};
}
