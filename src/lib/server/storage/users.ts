import type { Executor } from './executor';

export interface UserRecord {
	id: string;
	email: string;
	displayName: string;
	passwordHash: string;
	role: string;
	/** L2: null until the person chooses a language. */
	locale?: string | null;
	/** E1: when the address was proved (null: not yet). */
	emailVerifiedAt?: string | null;
	createdAt: string;
}

const columns = [
	'id',
	'email',
	'display_name as displayName',
	'password_hash as passwordHash',
	'role',
	'locale',
	'email_verified_at as emailVerifiedAt',
	'created_at as createdAt'
] as const;

export function usersRepository(db: Executor) {
	return {
		/** Inserts unless the e-mail is taken; returns whether it did. */
		async insertIfEmailFree(user: UserRecord): Promise<boolean> {
			const result = await db
				.insertInto('users')
				.values({
					id: user.id,
					email: user.email,
					display_name: user.displayName,
					password_hash: user.passwordHash,
					role: user.role,
					locale: user.locale ?? null,
					email_verified_at: user.emailVerifiedAt ?? null,
					created_at: user.createdAt
				})
				.onConflict((conflict) => conflict.column('email').doNothing())
				.executeTakeFirst();
			return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
		},
		/** Returns whether the account exists. */
		async setRole(id: string, role: string): Promise<boolean> {
			const result = await db.updateTable('users').set({ role }).where('id', '=', id).executeTakeFirst();
			return Number(result.numUpdatedRows) === 1;
		},
		async setLocale(id: string, locale: string): Promise<void> {
			await db.updateTable('users').set({ locale }).where('id', '=', id).execute();
		},
		async findByEmail(email: string): Promise<UserRecord | undefined> {
			return db.selectFrom('users').select(columns).where('email', '=', email).executeTakeFirst();
		},
		async findById(id: string): Promise<UserRecord | undefined> {
			return db.selectFrom('users').select(columns).where('id', '=', id).executeTakeFirst();
		},
		/** E4: marks the address as proved, unless it already was or the account's address changed since; returns whether it did. */
		async setEmailVerified(id: string, email: string, at: string): Promise<boolean> {
			const result = await db
				.updateTable('users')
				.set({ email_verified_at: at })
				.where('id', '=', id)
				.where('email', '=', email)
				.where('email_verified_at', 'is', null)
				.executeTakeFirst();
			return Number(result.numUpdatedRows) === 1;
		},
		async setPasswordHash(id: string, passwordHash: string): Promise<void> {
			await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).execute();
		}
	};
}
