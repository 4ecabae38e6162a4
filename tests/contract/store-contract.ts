import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUEST } from '../../src/lib/domain/actors';
import type { IdeaView } from '../../src/lib/domain/ideas';
import type { App } from '../../src/lib/server/app';
import { openStore } from '../../src/lib/server/storage/store';
import { databaseLocationOf } from '../../src/lib/server/app';
import { createTestApp } from '../support/app';
import { UNLIMITED } from '../../src/lib/server/rate-limits';
import { aProject, anIdea, ideaInput } from '../support/builders';
import { signIn, signInCitizen } from '../support/personas';

/**
 * One suite for every store: what the services rely on, checked the same way on SQLite and PostgreSQL.
 * `environment` gives the app's env (DATA_DIR or DATABASE_URL) and a cleanup.
 */
export function storeContract(label: string, environment: () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>) {
	describe(`store contract: ${label}`, () => {
		let app: App;
		let cleanup: () => Promise<void>;
		/** Every statement the app sends, for the tests that count round trips. */
		const statements: string[] = [];

		beforeAll(async () => {
			const prepared = await environment();
			cleanup = prepared.cleanup;
			// The contract posts many fixtures from one persona; the write limits are tested on their own.
			app = await createTestApp(prepared.env, { limits: UNLIMITED, onStatement: (sql) => statements.push(sql) });
		});
		afterAll(async () => {
			await app?.close();
			await cleanup?.();
		});

		it('migrates an up-to-date database again without change', async () => {
			const again = await openStore(databaseLocationOf(app.config));
			await again.ping();
			expect((await again.city.listDistricts()).length).toBe(19);
			await again.close();
		});

		it('keeps e-mails unique, also under concurrent sign-ups', async () => {
			const user = (id: string) => ({ id, email: 'twin@test.example', displayName: 'Twin', passwordHash: 'h', role: 'citizen', createdAt: new Date().toISOString() });
			const inserted = await Promise.all(Array.from({ length: 10 }, (_, i) => app.store.users.insertIfEmailFree(user(`twin-${i}`))));
			expect(inserted.filter(Boolean)).toHaveLength(1);
		});

		it('upserts districts and topics by slug', async () => {
			const before = await app.store.city.listTopics();
			await app.store.city.upsertTopics([{ ...before[0]!, name: 'Renamed' }]);
			const after = await app.store.city.listTopics();
			expect(after).toHaveLength(before.length);
			expect(after[0]).toMatchObject({ id: before[0]!.id, name: 'Renamed' });
			await app.store.city.upsertTopics([before[0]!]);
		});

		it('inserts a project once per slug', async () => {
			const first = await aProject(app, { slug: 'contract-once' });
			const second = await aProject(app, { slug: 'contract-once' });
			expect(second.id).toBe(first.id);
		});

		it('stores coordinates with full precision', async () => {
			const { actor } = await signIn(app, 'bruno');
			const project = await aProject(app);
			const idea = await anIdea(app, actor, project.id, { location: { lat: 50.8275123, lng: 4.3725987 } });
			expect((await app.services.ideas.get(GUEST, idea.id)).location).toEqual({ lat: 50.8275123, lng: 4.3725987 });
		});

		it('rejects a vote value outside -1/1 at the database', async () => {
			const { actor } = await signIn(app, 'bruno');
			const project = await aProject(app);
			const idea = await anIdea(app, actor, project.id);
			await expect(app.store.votes.upsert({ ideaId: idea.id, userId: actor.userId, value: 2, updatedAt: new Date().toISOString() })).rejects.toThrow();
		});

		it('[V1] 50 simultaneous casts from one citizen leave exactly one vote', async () => {
			const bruno = await signIn(app, 'bruno');
			const amira = await signIn(app, 'amira');
			const idea = await anIdea(app, bruno.actor, (await aProject(app)).id);
			const results = await Promise.allSettled(
				Array.from({ length: 50 }, (_, i) => app.services.votes.cast(amira.actor, { ideaId: idea.id, value: i % 3 === 0 ? -1 : 1 }))
			);
			expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
			const truth = await app.store.votes.count(idea.id);
			expect(truth.upvotes + truth.downvotes).toBe(1);
			expect(await app.services.ideas.get(GUEST, idea.id)).toMatchObject(truth);
		});

		it('[V1] 50 citizens casting at once are counted exactly, while one changes their mind', async () => {
			const bruno = await signIn(app, 'bruno');
			const idea = await anIdea(app, bruno.actor, (await aProject(app)).id);
			const citizens = await Promise.all(Array.from({ length: 50 }, (_, i) => signInCitizen(app, i)));
			await Promise.all(
				citizens.flatMap(({ actor }, i) => {
					const casts = [app.services.votes.cast(actor, { ideaId: idea.id, value: 1 })];
					if (i === 0) casts.push(app.services.votes.cast(actor, { ideaId: idea.id, value: -1 }));
					return casts;
				})
			);
			const truth = await app.store.votes.count(idea.id);
			expect(truth.upvotes + truth.downvotes).toBe(50);
			expect(await app.services.ideas.get(GUEST, idea.id)).toMatchObject(truth);
		});

		it('[V1][V5] 50 concurrent casts and flips by 25 citizens on one idea leave the cached tally equal to a recount', async () => {
			const bruno = await signIn(app, 'bruno');
			const idea = await anIdea(app, bruno.actor, (await aProject(app)).id);
			const citizens = await Promise.all(Array.from({ length: 25 }, (_, i) => signInCitizen(app, 100 + i)));
			const results = await Promise.allSettled(
				citizens.flatMap(({ actor }, i) => [
					app.services.votes.cast(actor, { ideaId: idea.id, value: i % 2 === 0 ? 1 : -1 }),
					i % 3 === 0
						? app.services.votes.withdraw(actor, { ideaId: idea.id })
						: app.services.votes.cast(actor, { ideaId: idea.id, value: i % 2 === 0 ? -1 : 1 })
				])
			);
			expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
			const truth = await app.store.votes.count(idea.id);
			const cached = await app.services.ideas.get(GUEST, idea.id);
			expect(cached).toMatchObject(truth);
			// Every change moved the version by one, and no change was lost or doubled: the versions count the changes.
			const changes = results.filter((result) => result.status === 'fulfilled').map((result) => result.value.votesVersion);
			expect(Math.max(...changes)).toBe(cached.votesVersion);
		});

		it('[V1] a cast the database refuses fails alone, also when it shares a commit with others', async () => {
			const bruno = await signIn(app, 'bruno');
			const idea = await anIdea(app, bruno.actor, (await aProject(app)).id);
			const citizens = await Promise.all(Array.from({ length: 4 }, (_, i) => signInCitizen(app, 200 + i)));
			// No such user: the vote's foreign key refuses it, after the read found the idea.
			const ghost = { kind: 'user' as const, userId: 'no-such-user', displayName: 'Ghost', role: 'citizen' as const };
			statements.length = 0;
			const results = await Promise.allSettled([
				...citizens.slice(0, 2).map(({ actor }) => app.services.votes.cast(actor, { ideaId: idea.id, value: 1 })),
				app.services.votes.cast(ghost, { ideaId: idea.id, value: 1 }),
				...citizens.slice(2).map(({ actor }) => app.services.votes.cast(actor, { ideaId: idea.id, value: -1 }))
			]);
			expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
			// SQLite: the five shared one transaction, which the ghost's write rolled back; then each ran on its own.
			if (app.store.dialect === 'sqlite') expect(statements.filter((statement) => statement === 'begin')).toHaveLength(1 + 5);
			const truth = await app.store.votes.count(idea.id);
			expect(truth).toEqual({ upvotes: 2, downvotes: 2 });
			expect(await app.services.ideas.get(GUEST, idea.id)).toMatchObject({ ...truth, votesVersion: 4 });
		});

		it('[V2] casting takes one read and one atomic write; a re-cast that changes nothing stops at the read', async () => {
			const bruno = await signIn(app, 'bruno');
			const amira = await signIn(app, 'amira');
			const idea = await anIdea(app, bruno.actor, (await aProject(app)).id);
			// The command's own round trips: the follow-ups of the notifier (FO1) and the points ledger (PT1), after the
			// command answered, are not among them.
			const statementsOf = async (work: () => Promise<unknown>) => {
				await app.services.notifications.settled();
				await app.services.points.settled();
				statements.length = 0;
				await work();
				return [...statements];
			};
			const cast = (value: 1 | -1) => () => app.services.votes.cast(amira.actor, { ideaId: idea.id, value });
			const change = await statementsOf(cast(1));
			const noOp = await statementsOf(cast(1));
			const flip = await statementsOf(cast(-1));
			const withdraw = await statementsOf(() => app.services.votes.withdraw(amira.actor, { ideaId: idea.id }));
			if (app.store.dialect === 'postgres') {
				// Round trips to the server: the read, then one statement that is its own transaction.
				for (const trips of [change, flip, withdraw]) {
					expect(trips).toHaveLength(2);
					expect(trips[1]).toMatch(/^\s*with open as/);
				}
				expect(noOp).toHaveLength(1);
			} else {
				// In-process: the read, then one transaction with the vote's write and the tally's update.
				for (const trips of [change, flip, withdraw]) expect(trips).toEqual(['vote read', 'begin', 'vote write', 'tally update', 'commit']);
				expect(noOp).toEqual(['vote read']);
			}
			expect(await app.services.ideas.get(GUEST, idea.id)).toMatchObject({ upvotes: 0, downvotes: 0, votesVersion: 3 });
		});

		it('[I9] a vote whose read came before a withdrawal that commits first is refused and leaves no vote', async () => {
			const bruno = await signIn(app, 'bruno');
			const amira = await signIn(app, 'amira');
			const idea = await anIdea(app, bruno.actor, (await aProject(app)).id);
			let release!: () => void;
			const gate = new Promise<void>((resolve) => (release = resolve));
			let written!: () => void;
			const withdrawn = new Promise<void>((resolve) => (written = resolve));
			const withdrawal = app.store.transaction(async (tx) => {
				await tx.ideas.withdraw(idea.id, { at: new Date().toISOString(), by: bruno.actor.userId, reason: 'Racing a vote' });
				written();
				await gate;
			});
			await withdrawn;
			const vote = app.services.votes.cast(amira.actor, { ideaId: idea.id, value: 1 });
			// Long enough for the cast to read (PostgreSQL: before the withdrawal is visible) and reach the idea's row.
			await new Promise((resolve) => setTimeout(resolve, 300));
			release();
			await withdrawal;
			await expect(vote).rejects.toMatchObject({ code: 'conflict', key: 'idea_withdrawn' });
			expect(await app.store.votes.count(idea.id)).toEqual({ upvotes: 0, downvotes: 0 });
		});

		it('counts comments on their idea', async () => {
			const { actor } = await signIn(app, 'bruno');
			const idea = await anIdea(app, actor, (await aProject(app)).id);
			await app.services.comments.add(actor, { ideaId: idea.id, body: 'First!' });
			await app.services.comments.add(actor, { ideaId: idea.id, body: 'Second thought.' });
			expect((await app.services.ideas.get(GUEST, idea.id)).commentCount).toBe(2);
			expect((await app.services.comments.list(idea.id)).map((comment) => comment.body)).toEqual(['First!', 'Second thought.']);
		});

		it('lists the ideas changed after a time: created, voted on or commented on; newest first, with the viewer’s vote', async () => {
			const { actor } = await signIn(app, 'bruno');
			const amira = await signIn(app, 'amira');
			const project = await aProject(app);
			const other = await aProject(app);
			// One after another: "newest first" follows creation.
			const created: IdeaView[] = [];
			for (const [index, name] of ['early', 'voted', 'commented', 'late'].entries()) {
				const idea = await anIdea(app, actor, (name === 'late' ? other : project).id, { title: `Contract change ${name}` });
				await app.store.ideas.addToTally(idea.id, 0, 0, `2026-01-0${index + 1}T00:00:00.000Z`);
				created.push(idea);
			}
			const [early, voted, commented, late] = created;
			await app.store.votes.upsert({ ideaId: voted!.id, userId: amira.actor.userId, value: 1, updatedAt: '2026-02-01T00:00:00.000Z' });
			await app.store.ideas.addToTally(voted!.id, 1, 0, '2026-02-01T00:00:00.000Z');
			await app.store.comments.insert({ id: `c-${commented!.id}`, ideaId: commented!.id, authorId: actor.userId, body: 'Yes.', createdAt: '2026-02-02T00:00:00.000Z' });
			const since = (time: string, limit = 10) => app.store.ideas.listChangedSince(project.id, amira.actor.userId, time, limit);

			expect((await since('2026-01-01T00:00:00.000Z')).map((idea) => idea.id)).toEqual([commented!.id, voted!.id]);
			const [newer] = await since('2026-01-31T23:59:59.999Z', 1);
			expect(newer).toMatchObject({ id: commented!.id, commentCount: 1, myVote: null });
			expect(await since('2026-01-31T23:59:59.999Z')).toContainEqual(expect.objectContaining({ id: voted!.id, upvotes: 1, votesVersion: 2, myVote: 1 }));
			expect(await since('2026-02-02T00:00:00.000Z')).toEqual([]);
			expect((await since('1970-01-01T00:00:00.000Z')).map((idea) => idea.id)).not.toContain(late!.id);
			expect((await since('1970-01-01T00:00:00.000Z')).map((idea) => idea.id)).toContain(early!.id);
		});

		it('[I8] concurrent edits of one idea each keep the version they replaced', async () => {
			const { actor } = await signIn(app, 'amira');
			const idea = await anIdea(app, actor, (await aProject(app)).id);
			const titles = Array.from({ length: 6 }, (_, n) => `Plant lime trees, version ${n}`);
			await Promise.all(titles.map((title) => app.services.ideas.edit(actor, { ideaId: idea.id, title, body: idea.body, topic: idea.topic.slug })));
			const { idea: now, revisions } = await app.services.ideas.page(GUEST, idea.id);
			// A chain without a lost update: the first version, then every edit but the last, each once.
			expect(new Set(revisions.map((revision) => revision.title))).toEqual(new Set([idea.title, ...titles.filter((title) => title !== now.title)]));
			expect(revisions).toHaveLength(titles.length);
		});

		it('[I9] [I10] withdrawn ideas leave the lists but keep their page; duplicates sum onto their original', async () => {
			const amira = await signIn(app, 'amira');
			const max = await signIn(app, 'max');
			const project = await aProject(app);
			const original = await anIdea(app, amira.actor, project.id);
			const duplicate = await anIdea(app, amira.actor, project.id, { title: 'The same idea, again' });
			const withdrawn = await anIdea(app, amira.actor, project.id, { title: 'An idea taken back' });
			await app.services.votes.cast(max.actor, { ideaId: duplicate.id, value: 1 });
			await app.services.ideas.markDuplicate(max.actor, { ideaId: duplicate.id, duplicateOf: original.id });
			await app.services.ideas.withdraw(amira.actor, { ideaId: withdrawn.id, reason: 'Changed my mind.' });
			expect((await app.services.ideas.list(GUEST, project.id)).map((idea) => idea.id)).toEqual([duplicate.id, original.id]);
			// A catch-up still hears of it, so that pages that were away take it off (I9).
			const changes = await app.services.ideas.changesSince(GUEST, { projectId: project.id, since: '1970-01-01T00:00:00.000Z' });
			expect(changes.ideas.map((idea) => idea.id)).not.toContain(withdrawn.id);
			expect(changes.withdrawn).toEqual([withdrawn.id]);
			expect((await app.services.ideas.get(GUEST, withdrawn.id)).withdrawn).toMatchObject({ reason: 'Changed my mind.', byAuthor: true });
			expect(await app.services.ideas.page(GUEST, original.id)).toMatchObject({ duplicateUpvotes: 1, duplicates: [{ id: duplicate.id, upvotes: 1 }] });
		});

		it('stamps a new idea as changed when it is created', async () => {
			const { actor } = await signIn(app, 'bruno');
			const project = await aProject(app);
			const idea = await anIdea(app, actor, project.id);
			const justBefore = new Date(Date.parse(idea.createdAt) - 1).toISOString();
			expect(await app.store.ideas.listChangedSince(project.id, null, justBefore, 10)).toEqual([expect.objectContaining({ id: idea.id })]);
			expect(await app.store.ideas.listChangedSince(project.id, null, idea.createdAt, 10)).toEqual([]);
		});

		it('appends, loads and compacts document updates byte for byte', async () => {
			const name = `notes:contract-${label}`;
			await app.services.documents.append(name, new Uint8Array([1, 2, 3]));
			await app.services.documents.append(name, new Uint8Array([0, 255]));
			const loaded = await app.services.documents.load(name);
			expect(loaded.updates.map((update) => [...update])).toEqual([[1, 2, 3], [0, 255]]);
			await app.services.documents.compact(name, new Uint8Array([9, 9]), loaded.ids);
			await app.services.documents.append(name, new Uint8Array([7]));
			expect((await app.services.documents.load(name)).updates.map((update) => [...update])).toEqual([[9, 9], [7]]);
		});

		it('[I6] concurrent creations with one idempotency key make one idea, and every attempt gets it', async () => {
			const author = await signInCitizen(app, 4242);
			const project = await aProject(app);
			const input = { ...ideaInput(project.id), idempotencyKey: 'contract-key-0123456789' };
			const answers = await Promise.all(Array.from({ length: 5 }, () => app.services.ideas.create(author.actor, input)));
			expect(new Set(answers.map((idea) => idea.id)).size).toBe(1);
			expect(await app.services.ideas.list(GUEST, project.id)).toHaveLength(1);
			expect(await app.store.idempotency.deleteOlderThan(new Date(Date.now() + 60_000).toISOString())).toBeGreaterThanOrEqual(1);
		});

		it('[C5] concurrent upvotes and take-backs of one comment count exactly, one per person', async () => {
			const { actor } = await signIn(app, 'bruno');
			const idea = await anIdea(app, actor, (await aProject(app)).id);
			const target = await app.services.comments.add(actor, { ideaId: idea.id, body: 'Upvote me, all at once' });
			const crowd = await Promise.all(Array.from({ length: 30 }, (_, i) => signInCitizen(app, 500 + i)));
			await Promise.all(
				crowd.flatMap(({ actor: voter }, i) => {
					const attempts = [app.services.comments.upvote(voter, { commentId: target.id, value: true })];
					if (i < 10) attempts.push(app.services.comments.upvote(voter, { commentId: target.id, value: true }));
					return attempts;
				})
			);
			await Promise.all(crowd.slice(0, 5).map(({ actor: voter }) => app.services.comments.upvote(voter, { commentId: target.id, value: false })));
			const [entry] = (await app.services.comments.thread(crowd[9]!.actor, { ideaId: idea.id })).entries;
			expect(entry).toMatchObject({ upvotes: 25, version: 1 + 30 + 5, myUpvote: true });
		});

		it('[C2] [C6] pages an idea’s thread by keyset in both sorts, each comment with its replies oldest first', async () => {
			const { actor } = await signIn(app, 'bruno');
			const idea = await anIdea(app, actor, (await aProject(app)).id);
			const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 0, minute)).toISOString();
			const tops = Array.from({ length: 25 }, (_, n) => ({ id: `${idea.id}-t${String(n).padStart(2, '0')}`, createdAt: at(n) }));
			for (const top of tops) await app.store.comments.insert({ ...top, ideaId: idea.id, authorId: actor.userId, body: top.id });
			for (const [n, top] of tops.slice(0, 3).entries()) {
				for (let r = 0; r < 2; r += 1) {
					await app.store.comments.insert({ id: `${top.id}-r${r}`, ideaId: idea.id, parentId: top.id, authorId: actor.userId, body: 'reply', createdAt: at(100 + n * 2 + r) });
				}
			}
			const voters = await Promise.all([0, 1].map((i) => signInCitizen(app, 600 + i)));
			for (const voter of voters) await app.services.comments.upvote(voter.actor, { commentId: tops[5]!.id, value: true });
			await app.services.comments.upvote(voters[0]!.actor, { commentId: tops[7]!.id, value: true });

			const newest = await app.services.comments.thread(GUEST, { ideaId: idea.id });
			const rest = await app.services.comments.thread(GUEST, { ideaId: idea.id, cursor: newest.nextCursor });
			expect([...newest.entries, ...rest.entries].map((entry) => entry.id)).toEqual([...tops].reverse().map((top) => top.id));
			expect(rest.nextCursor).toBeNull();
			expect(rest.entries.at(-1)!.replies.map((reply) => reply.id)).toEqual([`${tops[0]!.id}-r0`, `${tops[0]!.id}-r1`]);

			const upvoted = await app.services.comments.thread(GUEST, { ideaId: idea.id, sort: 'upvoted' });
			const upvotedRest = await app.services.comments.thread(GUEST, { ideaId: idea.id, sort: 'upvoted', cursor: upvoted.nextCursor });
			const order = [...upvoted.entries, ...upvotedRest.entries].map((entry) => entry.id);
			expect(order.slice(0, 3)).toEqual([tops[5]!.id, tops[7]!.id, tops[24]!.id]);
			expect(new Set(order).size).toBe(25);
		});

		it('[C3] [C4] keeps an edited comment’s earlier bodies, and a deletion removes them and moves the count', async () => {
			const { actor } = await signIn(app, 'bruno');
			const idea = await anIdea(app, actor, (await aProject(app)).id);
			const posted = await app.services.comments.add(actor, { ideaId: idea.id, body: 'One' });
			await app.services.comments.edit(actor, { commentId: posted.id, body: 'Two' });
			await app.services.comments.edit(actor, { commentId: posted.id, body: 'Three' });
			expect((await app.services.comments.history({ commentId: posted.id })).map((revision) => revision.body)).toEqual(['One', 'Two']);
			const before = await app.services.ideas.get(GUEST, idea.id);
			await app.services.comments.delete(actor, { commentId: posted.id });
			expect(await app.store.comments.revisions(posted.id)).toEqual([]);
			expect(await app.services.ideas.get(GUEST, idea.id)).toMatchObject({ commentCount: before.commentCount - 1, votesVersion: before.votesVersion + 1 });
		});

		it('ends sessions at their expiry time', async () => {
			const amira = await signIn(app, 'amira');
			const id = (await import('node:crypto')).createHash('sha256').update(amira.token).digest('hex');
			const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
			expect(await app.store.sessions.findUser(id, inDays(29))).toMatchObject({ id: amira.actor.userId });
			expect(await app.store.sessions.findUser(id, inDays(31))).toBeUndefined();
		});
	});
}
