import type { SignedInActor } from '../../src/lib/domain/actors';
import type { App } from '../../src/lib/server/app';
import type { OutboxRecord } from '../../src/lib/server/mail/outbox';
import { SESSION_COOKIE } from '../../src/lib/server/session-cookie';
import { PERSONA_PASSWORD } from './personas';

/** The one-time link of a verification or reset e-mail, as its plain-text part carries it. */
export function linkIn(record: OutboxRecord, purpose: 'verify' | 'reset'): { url: string; token: string; locale: string } {
	const match = new RegExp(`(https?://\\S+?/(en|fr|nl)/${purpose}/([A-Za-z0-9_-]{43}))(?:\\s|$)`).exec(record.text);
	if (!match) throw new Error(`no ${purpose} link in e-mail ${record.id}: ${record.text}`);
	return { url: match[1]!, locale: match[2]!, token: match[3]! };
}

/** The newest e-mail of `kind` to `to`, once every e-mail started in the background is stored. */
export async function lastMailTo(app: App, to: string, kind: string): Promise<OutboxRecord> {
	await app.services.accountEmail.idle();
	const found = (await app.mailer.outbox()).filter((record) => record.to === to && record.kind === kind).at(-1);
	if (!found) throw new Error(`no ${kind} e-mail to ${to}`);
	return found;
}

export async function mailsTo(app: App, to: string): Promise<OutboxRecord[]> {
	await app.services.accountEmail.idle();
	return (await app.mailer.outbox()).filter((record) => record.to === to);
}

let counter = 0;

/** A citizen who signed up through the service (unverified, E2), with a session cookie. */
export async function signUpUnverified(app: App, options: { locale?: string; name?: string } = {}) {
	counter += 1;
	const email = `newcomer${counter}-${Date.now()}@signup.example`;
	const signedIn = await app.services.accounts.signUp(
		{ email, password: PERSONA_PASSWORD, displayName: options.name ?? `Newcomer ${counter}` },
		{ ...(options.locale ? { locale: options.locale } : {}) }
	);
	const actor: SignedInActor = { kind: 'user', userId: signedIn.account.id, displayName: signedIn.account.displayName, role: 'citizen' };
	return { email, actor, token: signedIn.sessionToken, cookie: `${SESSION_COOKIE}=${signedIn.sessionToken}` };
}
