import { z } from 'zod';
import { DomainError } from './errors';

export const ROLES = ['citizen', 'moderator', 'facilitator', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export interface SignedInActor {
	readonly kind: 'user';
	readonly userId: string;
	readonly displayName: string;
	readonly role: Role;
	/** The client's network address as the transport saw it; only the write limits read it. */
	readonly address?: string;
}
export interface GuestActor {
	readonly kind: 'guest';
	readonly address?: string;
}
/** Who is acting: a signed-in user with a role, or a guest. */
export type Actor = SignedInActor | GuestActor;

export const GUEST: GuestActor = Object.freeze({ kind: 'guest' });

/** I1/V4: the signed-in actor, or `unauthenticated` saying what signing in would allow. */
export function requireSignedIn(actor: Actor, doing: string): SignedInActor {
	if (actor.kind !== 'user') throw new DomainError('unauthenticated', `Sign in to ${doing}.`);
	return actor;
}
