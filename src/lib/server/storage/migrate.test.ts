import { Migrator, sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './db';
import { migrateToLatest } from './migrate';
import * as foundation from './migrations/001-foundation';
import * as votesVersion from './migrations/002-votes-version';
import type { Database } from './schema';

/** A database as migration 002 left it, holding one idea: what a deployment upgrading to 003 has. */
async function databaseAt002(db: Kysely<Database>): Promise<void> {
	const migrator = new Migrator({
		db,
		provider: {
			getMigrations: async () => ({
				'001-foundation': { up: (raw) => foundation.up(raw, 'sqlite') },
				'002-votes-version': { up: (raw) => votesVersion.up(raw) }
			})
		}
	});
	const { error } = await migrator.migrateToLatest();
	if (error) throw error;
	await sql`insert into users (id, email, display_name, password_hash, role, created_at) values ('u', 'u@test.example', 'U', 'h', 'citizen', '2026-01-01T00:00:00.000Z')`.execute(db);
	await sql`insert into topics (id, slug, name, position) values ('t', 'mobility', 'Mobility', 0)`.execute(db);
	await sql`insert into districts (id, slug, name, centre_lat, centre_lng, geometry) values ('d', 'ixelles', 'Ixelles', 50.83, 4.37, '{}')`.execute(db);
	await sql`insert into projects (id, slug, title, description, status, created_at) values ('p', 'p', 'P', 'P', 'open', '2026-01-01T00:00:00.000Z')`.execute(db);
	await sql`insert into ideas (id, project_id, author_id, title, body, topic_id, district_id, lat, lng, status, created_at)
		values ('old', 'p', 'u', 'An old idea', 'From before migration 003', 't', 'd', 50.83, 4.37, 'proposed', '2026-02-03T04:05:06.789Z')`.execute(db);
	await sql`insert into ideas (id, project_id, author_id, title, body, topic_id, district_id, lat, lng, status, created_at)
		values ('plain', 'p', 'u', 'A plain idea', ${'Fewer cars & more <trees>.\nPlease.\n\nA second paragraph.'}, 't', 'd', 50.83, 4.37, 'proposed', '2026-02-03T04:05:07.000Z')`.execute(db);
}

describe('migrations', () => {
	it('003 stamps existing ideas as changed when they were created, so a catch-up does not report them all', async () => {
		const { db } = openDatabase({ dialect: 'sqlite', file: ':memory:' });
		try {
			await databaseAt002(db);
			await migrateToLatest(db, 'sqlite');
			const row = await db.selectFrom('ideas').select(['created_at', 'changed_at']).where('id', '=', 'old').executeTakeFirstOrThrow();
			expect(row.changed_at).toBe('2026-02-03T04:05:06.789Z');
		} finally {
			await db.destroy();
		}
	});

	it('008 turns stored plain bodies into escaped paragraphs, keeps their text, and gives projects a 60-minute edit window', async () => {
		const { db } = openDatabase({ dialect: 'sqlite', file: ':memory:' });
		try {
			await databaseAt002(db);
			await migrateToLatest(db, 'sqlite');
			const row = await db.selectFrom('ideas').select(['body', 'body_text', 'withdrawn_at', 'duplicate_of']).where('id', '=', 'plain').executeTakeFirstOrThrow();
			expect(row).toEqual({
				body: '<p>Fewer cars &amp; more &lt;trees&gt;.<br>Please.</p><p>A second paragraph.</p>',
				body_text: 'Fewer cars & more <trees>.\nPlease.\n\nA second paragraph.',
				withdrawn_at: null,
				duplicate_of: null
			});
			expect(await db.selectFrom('projects').select('edit_window_minutes').executeTakeFirstOrThrow()).toEqual({ edit_window_minutes: 60 });
		} finally {
			await db.destroy();
		}
	});
});
