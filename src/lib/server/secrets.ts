import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { IdGenerator, Secrets } from './ports';

/** argon2id with OWASP's recommended minimum (19 MiB, 2 passes): about 20 ms here, slow enough for offline attacks. */
const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function createSecrets(): Secrets {
	return {
		hashPassword: (password) => hash(password, ARGON2_OPTIONS),
		async verifyPassword(passwordHash, password) {
			try {
				return await verify(passwordHash, password);
			} catch {
				return false;
			}
		},
		newSessionToken: () => randomBytes(32).toString('base64url'),
		sessionIdOf: (token) => createHash('sha256').update(token).digest('hex')
	};
}

export function createIdGenerator(): IdGenerator {
	return { next: () => randomBytes(12).toString('base64url') };
}
