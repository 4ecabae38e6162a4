import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `npm run agora -- <args>` for real, with `stdin` piped in; resolves with its exit code and output. */
export function runAgora(args: string[], options: { env?: Record<string, string>; stdin?: string } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn('npm', ['run', '--silent', 'agora', '--', ...args], {
			cwd: ROOT,
			env: { ...process.env, LOG_LEVEL: 'warn', ...options.env },
			stdio: ['pipe', 'pipe', 'pipe']
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.once('error', reject);
		child.once('exit', (code) => resolve({ code, stdout, stderr }));
		child.stdin.end(options.stdin ?? '');
	});
}
