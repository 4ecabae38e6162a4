import type { SignedInActor } from '../../src/lib/domain/actors';
import type { Role } from '../../src/lib/domain/actors';
import type { App } from '../../src/lib/server/app';
import { SESSION_COOKIE } from '../../src/lib/server/session-cookie';

export const PERSONA_PASSWORD = 'correct-horse-battery';

/** Memorable people who appear across the tests. */
export const PERSONAS = {
	amira: { email: 'amira@test.example', displayName: 'Amira (citizen)', role: 'citizen' },
	bruno: { email: 'bruno@test.example', displayName: 'Bruno (citizen)', role: 'citizen' },
	fatou: { email: 'fatou@test.example', displayName: 'Fatou (facilitator)', role: 'facilitator' },
	max: { email: 'max@test.example', displayName: 'Max (moderator)', role: 'moderator' },
	ada: { email: 'ada@test.example', displayName: 'Ada (admin)', role: 'admin' }
} as const satisfies Record<string, { email: string; displayName: string; role: Role }>;
export type PersonaName = keyof typeof PERSONAS;

export interface SignedInPersona {
	readonly actor: SignedInActor;
	readonly token: string;
	/** A `Cookie` header value carrying the session. */
	readonly cookie: string;
}

/** Creates the persona's account if needed and opens a session for it. */
export async function signIn(app: App, name: PersonaName): Promise<SignedInPersona> {
	const persona = PERSONAS[name];
	await app.services.accounts.provision({ ...persona, password: PERSONA_PASSWORD });
	const { account, sessionToken } = await app.services.accounts.signIn({ email: persona.email, password: PERSONA_PASSWORD });
	return {
		actor: { kind: 'user', userId: account.id, displayName: account.displayName, role: account.role },
		token: sessionToken,
		cookie: `${SESSION_COOKIE}=${sessionToken}`
	};
}

/** A citizen with a numbered e-mail, for crowds (e.g. 50 voters). */
export async function signInCitizen(app: App, index: number): Promise<SignedInPersona> {
	const email = `citizen${index}@crowd.example`;
	const account = await app.services.accounts.provision({ email, displayName: `Citizen ${index}`, password: PERSONA_PASSWORD, role: 'citizen' });
	const { sessionToken } = await app.services.accounts.signIn({ email, password: PERSONA_PASSWORD });
	return {
		actor: { kind: 'user', userId: account.id, displayName: account.displayName, role: account.role },
		token: sessionToken,
		cookie: `${SESSION_COOKIE}=${sessionToken}`
	};
}
