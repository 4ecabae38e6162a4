import { z } from 'zod';
import { DomainError } from './errors';
import type { DomainMessageKey } from './messages';

export const ROLES = ['citizen', 'moderator', 'facilitator', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export interface SignedInActor {
	readonly kind: 'user';
	readonly userId: string;
	readonly displayName: string;
	readonly role: Role;
	/** MO6: a moderator blocked this account: it may read, never write. */
	readonly blocked?: boolean;
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

/**
 * I1/V4: the signed-in actor, or `unauthenticated` with a message saying what signing in would allow. Every write goes
 * through here, so MO6 refuses a blocked account's writes here too (`forbidden`, saying the account is blocked).
 */
export function requireSignedIn(actor: Actor, toDo: DomainMessageKey & `auth_sign_in_to_${string}`): SignedInActor {
	if (actor.kind !== 'user') throw new DomainError('unauthenticated', toDo);
	refuseBlocked(actor);
	return actor;
}

/**
 * Who may read what is their own (their notifications, their e-mail choices): any signed-in account, a blocked one
 * included (MO6: blocked accounts read), or `unauthenticated`.
 */
export function requireAccount(actor: Actor, toDo: DomainMessageKey & `auth_sign_in_to_${string}`): SignedInActor {
	if (actor.kind !== 'user') throw new DomainError('unauthenticated', toDo);
	return actor;
}

/** MO6: a blocked account reads but never writes. */
export function refuseBlocked(actor: SignedInActor): void {
	if (actor.blocked) throw new DomainError('forbidden', 'moderation_blocked');
}

/** A6: staff roles, whose names carry a badge wherever they appear. */
export function isStaffRole(role: Role): boolean {
	return role !== 'citizen';
}

/** I9/I10: who may withdraw anyone's idea and mark duplicates: moderators and admins (facilitators run town halls). */
export function isModeratorRole(role: Role): boolean {
	return role === 'moderator' || role === 'admin';
}
