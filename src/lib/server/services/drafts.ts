import { refuseBlocked, roleSchema, type Actor, type SignedInActor } from '../../domain/actors';
import { searchTerms, SIMILAR_TERMS_MAX, titleOverlap } from '../../domain/board';
import {
	acceptLinkSchema,
	answerInvitationSchema,
	answerJoinSchema,
	createDraftSchema,
	createLinkSchema,
	draftAccess,
	draftFactsOf,
	draftIdInputSchema,
	draftRightsOf,
	fieldsFrom,
	inviteByNameSchema,
	isDraftAuthor,
	joinRequestSchema,
	linkExpiry,
	revokeLinkSchema,
	similarDraftsSchema,
	visibilitySchema,
	type Draft,
	type DraftAccessFacts,
	type DraftJoinRequest,
	type DraftLink,
	type DraftPage,
	type DraftPerson,
	type DraftStatus,
	type DraftVisibility,
	type MyDrafts,
	type SimilarDraft
} from '../../domain/drafts';
import { DomainError } from '../../domain/errors';
import { CONTENT_LANGUAGES, type ContentLanguage, type IdeaView } from '../../domain/ideas';
import { limitSubjectOf } from '../../domain/limits';
import { acceptsParticipation } from '../../domain/projects';
import { cleanText } from '../../domain/text';
import { paragraphsOf } from '../../domain/rich-text';
import { parseInput } from '../../domain/validation';
import type { DraftDocuments, ServicePorts } from '../ports';
import type { DraftAuthorRecord, DraftJoinRequestRecord, DraftRecord, StoreRepositories } from '../storage/store';
import type { IdeasService } from './ideas';
import { toProject } from './projects';

/** D23: "my drafts" shows at most this many drafts. */
export const MY_DRAFTS_LIMIT = 100;
/** D20: similar public drafts shown beside the similar ideas, from this many candidates. */
export const SIMILAR_DRAFTS_LIMIT = 3;
const SIMILAR_DRAFT_CANDIDATES = 30;

/** The Yjs document of a draft (contracts.md). */
export function draftDocumentName(draftId: string): string {
	return `draft:${draftId}`;
}

/** A signed-in reader (MO6: a blocked account still reads its drafts). */
function requireReader(actor: Actor): SignedInActor {
	if (actor.kind !== 'user') throw new DomainError('unauthenticated', 'drafts_sign_in_to_write');
	return actor;
}

/** A signed-in writer; MO6 refuses a blocked account. */
function requireUser(actor: Actor): SignedInActor {
	if (actor.kind !== 'user') throw new DomainError('unauthenticated', 'drafts_sign_in_to_write');
	refuseBlocked(actor);
	return actor;
}

function personOf(record: { id: string; displayName: string; role: string }): DraftPerson {
	return { id: record.id, displayName: record.displayName, role: roleSchema.catch('citizen').parse(record.role) };
}

function factsOf(draft: DraftRecord, authors: readonly { id: string }[]): DraftAccessFacts {
	return draftFactsOf(draft, authors.map((author) => author.id));
}

function toDraft(record: DraftRecord, authors: readonly DraftAuthorRecord[]): Draft {
	return {
		id: record.id,
		projectId: record.projectId,
		projectSlug: record.projectSlug,
		title: record.title,
		summary: record.summary,
		visibility: record.visibility as DraftVisibility,
		status: record.status as DraftStatus,
		ideaId: record.ideaId,
		authors: authors.filter((author) => author.draftId === record.id).map(personOf),
		createdAt: record.createdAt,
		updatedAt: record.updatedAt
	};
}

function toJoinRequest(record: DraftJoinRequestRecord): DraftJoinRequest {
	return {
		id: record.id,
		draftId: record.draftId,
		draftTitle: record.draftTitle,
		requester: personOf({ id: record.userId, displayName: record.displayName, role: record.role }),
		message: record.message,
		createdAt: record.createdAt
	};
}

export function createDraftsService(ports: ServicePorts, ideas: IdeasService, documents: DraftDocuments) {
	const { store, events, clock, ids, secrets, limits } = ports;
	const now = () => clock.now().toISOString();
	const accessChanged = (draftId: string) => events.publish({ type: 'document.access-changed', name: draftDocumentName(draftId) });

	/** A draft with its co-authors, or `not_found`. */
	async function loaded(tx: StoreRepositories, draftId: string, lock = false) {
		const draft = lock ? await tx.drafts.lockForChange(draftId) : await tx.drafts.find(draftId);
		if (!draft) throw new DomainError('not_found', 'draft_not_found');
		const authors = await tx.drafts.authorsOf([draftId]);
		return { draft, authors, facts: factsOf(draft, authors) };
	}

	/** The locked draft, when the actor co-writes it; `forbidden` (or `not_found`) otherwise. */
	async function asAuthor(tx: StoreRepositories, actor: SignedInActor, draftId: string) {
		const found = await loaded(tx, draftId, true);
		if (!isDraftAuthor(actor, found.facts)) {
			// D4: a private draft one may not read does not say it exists.
			if (draftAccess(actor, found.facts) === 'none') throw new DomainError('not_found', 'draft_not_found');
			throw new DomainError('forbidden', 'draft_forbidden');
		}
		return found;
	}

	/** The stored document's fields and body, read as the domain reads them. */
	async function contentOf(draftId: string) {
		const rows = await store.documents.load(draftDocumentName(draftId));
		const { fields, bodyHtml } = documents.read(rows.map((row) => row.update));
		return { fields: fieldsFrom(fields), bodyHtml };
	}

	const service = {
		/**
		 * D1/D2/D25: a signed-in user starts a draft in an open project and is its first co-author; the fields are
		 * written into its document as its first update. R15 limits how often.
		 */
		async create(actor: Actor, input: unknown): Promise<Draft> {
			const author = requireUser(actor);
			const fields = parseInput(createDraftSchema, input);
			await limits.take('draft.create', limitSubjectOf(actor));
			const project = await store.projects.findById(fields.projectId);
			if (!project) throw new DomainError('not_found', 'project_not_found');
			if (!acceptsParticipation(toProject(project))) throw new DomainError('forbidden', 'project_closed_for_ideas');
			const id = ids.next();
			const at = now();
			await store.transaction(async (tx) => {
				await tx.drafts.insert({ id, projectId: project.id, createdBy: author.userId, title: fields.title, summary: fields.summary, cost: fields.cost, visibility: fields.visibility, language: fields.language, createdAt: at });
				await tx.drafts.addAuthor(id, author.userId, at);
				const seed = documents.seed(fields);
				await tx.documents.append(draftDocumentName(id), seed.update, at);
				// Y16: the fields are the creator's writing, and nobody else may later write under that client id.
				await tx.documents.claimClients(draftDocumentName(id), [seed.clientId], author.userId, at);
			});
			const { draft, authors } = await loaded(store, id);
			return toDraft(draft, authors);
		},

		/** What the editor page shows `actor`: the draft, how it may open it, its rights, and the co-author tools' data. */
		async page(actor: Actor, draftId: unknown): Promise<DraftPage> {
			const { draftId: id } = parseInput(draftIdInputSchema, { draftId });
			const { draft, authors, facts } = await loaded(store, id);
			const access = draftAccess(actor, facts);
			if (access === 'none') {
				if (actor.kind === 'guest') throw new DomainError('unauthenticated', 'drafts_sign_in_to_write');
				throw new DomainError('not_found', 'draft_not_found');
			}
			const author = isDraftAuthor(actor, facts);
			const [links, invited, requests, mine] = await Promise.all([
				author ? store.drafts.liveLinks(id, now()) : Promise.resolve([]),
				author ? store.drafts.invitedTo(id) : Promise.resolve([]),
				author ? store.drafts.joinRequestsOf([id]) : Promise.resolve([]),
				actor.kind === 'user' && !author ? store.drafts.pendingJoinRequest(id, actor.userId) : Promise.resolve(undefined)
			]);
			return {
				draft: toDraft(draft, authors),
				access,
				rights: draftRightsOf(actor, facts),
				links: links.map((link): DraftLink => ({ id: link.id, expiresAt: link.expiresAt, createdBy: link.createdBy })),
				invited: invited.map(personOf),
				joinRequests: requests.map(toJoinRequest),
				myJoinRequest: mine !== undefined
			};
		},

		/** D23: the drafts one co-writes (most recently changed first), one's invitations, the join requests waiting on them. */
		async mine(actor: Actor): Promise<MyDrafts> {
			const user = requireReader(actor);
			const [rows, invitations] = await Promise.all([store.drafts.listForAuthor(user.userId, MY_DRAFTS_LIMIT), store.drafts.invitationsFor(user.userId)]);
			const draftIds = rows.map((row) => row.id);
			const [authors, requests] = await Promise.all([store.drafts.authorsOf(draftIds), store.drafts.joinRequestsOf(rows.filter((row) => row.status === 'open').map((row) => row.id))]);
			return {
				drafts: rows.map((row) => toDraft(row, authors)),
				invitations: invitations.map((invitation) => ({
					draftId: invitation.draftId,
					draftTitle: invitation.draftTitle,
					projectSlug: invitation.projectSlug,
					invitedBy: personOf({ id: invitation.invitedById, displayName: invitation.invitedByName, role: invitation.invitedByRole }),
					createdAt: invitation.createdAt
				})),
				joinRequests: requests.map(toJoinRequest)
			};
		},

		/**
		 * D9: a co-author invites an account by its display name (case aside). No account, or several with that name,
		 * is refused; inviting a co-author, or someone already invited, changes nothing. R16 limits invitations.
		 */
		async inviteByName(actor: Actor, input: unknown): Promise<DraftPerson> {
			const inviter = requireUser(actor);
			const { draftId, name } = parseInput(inviteByNameSchema, input);
			await limits.take('draft.invite', limitSubjectOf(actor));
			return store.transaction(async (tx) => {
				const { facts } = await asAuthor(tx, inviter, draftId);
				const matches = await tx.drafts.usersNamed(name);
				if (matches.length === 0) throw new DomainError('invalid', 'draft_invite_name_unknown', { name }, { name: { key: 'draft_invite_name_unknown', params: { name } } });
				if (matches.length > 1) throw new DomainError('conflict', 'draft_invite_name_ambiguous', { name }, { name: { key: 'draft_invite_name_ambiguous', params: { name } } });
				const invitee = matches[0]!;
				if (!facts.authorIds.includes(invitee.id)) await tx.drafts.invite({ draftId, userId: invitee.id, invitedBy: inviter.userId, createdAt: now() });
				return personOf(invitee);
			});
		},

		/** D10: the invitee accepts (and becomes a co-author of an open draft) or declines; nobody else answers it. R17. */
		async answerInvitation(actor: Actor, input: unknown): Promise<{ draftId: string; accepted: boolean }> {
			const invitee = requireUser(actor);
			const { draftId, accept } = parseInput(answerInvitationSchema, input);
			await limits.take('draft.change', limitSubjectOf(actor));
			const joined = await store.transaction(async (tx) => {
				const { draft } = await loaded(tx, draftId, true);
				if (!(await tx.drafts.removeInvitation(draftId, invitee.userId))) throw new DomainError('not_found', 'draft_invitation_not_found');
				if (!accept) return false;
				if (draft.status !== 'open') throw new DomainError('conflict', 'draft_not_open');
				return tx.drafts.addAuthor(draftId, invitee.userId, now());
			});
			if (joined) accessChanged(draftId);
			return { draftId, accepted: accept };
		},

		/**
		 * D6: a co-author makes a share link valid for `hours`: a random token, of which only its SHA-256 is kept, so the
		 * link is shown this once. R16 limits them.
		 */
		async createLink(actor: Actor, input: unknown): Promise<{ id: string; token: string; expiresAt: string }> {
			const creator = requireUser(actor);
			const { draftId, hours } = parseInput(createLinkSchema, input);
			await limits.take('draft.invite', limitSubjectOf(actor));
			const token = secrets.newSessionToken();
			const id = ids.next();
			const expiresAt = linkExpiry(clock.now(), hours);
			await store.transaction(async (tx) => {
				const { draft } = await asAuthor(tx, creator, draftId);
				if (draft.status !== 'open') throw new DomainError('conflict', 'draft_not_open');
				await tx.drafts.insertLink({ id, draftId, tokenHash: secrets.sessionIdOf(token), createdBy: creator.userId, createdAt: now(), expiresAt });
			});
			return { id, token, expiresAt };
		},

		/** D8: a co-author revokes a link; it stops working at once. R17. */
		async revokeLink(actor: Actor, input: unknown): Promise<void> {
			const revoker = requireUser(actor);
			const { draftId, linkId } = parseInput(revokeLinkSchema, input);
			await limits.take('draft.change', limitSubjectOf(actor));
			await store.transaction(async (tx) => {
				await asAuthor(tx, revoker, draftId);
				if (!(await tx.drafts.revokeLink(draftId, linkId, now()))) throw new DomainError('not_found', 'draft_link_invalid');
			});
		},

		/**
		 * D7/D8: a signed-in user with a live link of an open draft becomes a co-author (already being one changes
		 * nothing). An unknown, expired or revoked link gets one answer, `draft_link_invalid`, so a link says nothing
		 * about why. R17.
		 */
		async acceptLink(actor: Actor, input: unknown): Promise<Draft> {
			const joiner = requireUser(actor);
			const { token } = parseInput(acceptLinkSchema, input);
			await limits.take('draft.change', limitSubjectOf(actor));
			const { draftId, joined } = await store.transaction(async (tx) => {
				const link = await tx.drafts.findLinkByHash(secrets.sessionIdOf(token));
				if (!link || link.revokedAt !== null || link.expiresAt <= now()) throw new DomainError('not_found', 'draft_link_invalid');
				const { draft } = await loaded(tx, link.draftId, true);
				if (draft.status !== 'open') throw new DomainError('conflict', 'draft_not_open');
				const added = await tx.drafts.addAuthor(draft.id, joiner.userId, now());
				if (added) await tx.drafts.removeInvitation(draft.id, joiner.userId);
				return { draftId: draft.id, joined: added };
			});
			if (joined) accessChanged(draftId);
			const { draft, authors } = await loaded(store, draftId);
			return toDraft(draft, authors);
		},

		/** D11: a co-author leaves; the last one cannot (a draft always has an author). R17. */
		async leave(actor: Actor, input: unknown): Promise<void> {
			const leaver = requireUser(actor);
			const { draftId } = parseInput(draftIdInputSchema, input);
			await limits.take('draft.change', limitSubjectOf(actor));
			await store.transaction(async (tx) => {
				const { facts } = await asAuthor(tx, leaver, draftId);
				if (facts.authorIds.length <= 1) throw new DomainError('conflict', 'draft_last_author');
				await tx.drafts.removeAuthor(draftId, leaver.userId);
			});
			accessChanged(draftId);
		},

		/** D12: any co-author makes the draft public (anyone reads it live) or private (co-authors only). R17. */
		async setVisibility(actor: Actor, input: unknown): Promise<Draft> {
			const changer = requireUser(actor);
			const { draftId, visibility } = parseInput(visibilitySchema, input);
			await limits.take('draft.change', limitSubjectOf(actor));
			const changed = await store.transaction(async (tx) => {
				const { draft } = await asAuthor(tx, changer, draftId);
				if (draft.visibility === visibility) return false;
				await tx.drafts.setVisibility(draftId, visibility, now());
				return true;
			});
			if (changed) accessChanged(draftId);
			const { draft, authors } = await loaded(store, draftId);
			return toDraft(draft, authors);
		},

		/**
		 * D22: copies the stored document's title, summary and cost into the draft's listing (what "my drafts" and the
		 * similar drafts show); a co-author's editor asks for it as it saves. Reads the server's own copy of the
		 * document, never what a client says. R17.
		 */
		async refresh(actor: Actor, input: unknown): Promise<Draft> {
			const user = requireUser(actor);
			const { draftId } = parseInput(draftIdInputSchema, input);
			await limits.take('draft.change', limitSubjectOf(actor));
			// Only a co-author makes the server read and render a draft (the check again below, under the lock).
			await store.transaction((tx) => asAuthor(tx, user, draftId));
			const { fields } = await contentOf(draftId);
			await store.transaction(async (tx) => {
				const { draft } = await asAuthor(tx, user, draftId);
				const title = cleanText(fields.title, 'line') || draft.title;
				await tx.drafts.setListing(draftId, { title, summary: cleanText(fields.summary, 'multiline'), cost: fields.cost, at: now() });
			});
			const { draft, authors } = await loaded(store, draftId);
			return toDraft(draft, authors);
		},

		/**
		 * D18: a signed-in user who does not co-write a public open draft asks to join it, with a few words; asking again
		 * while the request waits changes nothing. Its co-authors are told live. R16.
		 */
		async requestJoin(actor: Actor, input: unknown): Promise<DraftJoinRequest> {
			const requester = requireUser(actor);
			const { draftId, message } = parseInput(joinRequestSchema, input);
			await limits.take('draft.invite', limitSubjectOf(actor));
			const { request, fresh, authorIds } = await store.transaction(async (tx) => {
				const { facts } = await loaded(tx, draftId, true);
				if (draftAccess(requester, facts) === 'none') throw new DomainError('not_found', 'draft_not_found');
				if (!draftRightsOf(requester, facts).requestJoin) {
					throw new DomainError(isDraftAuthor(requester, facts) ? 'conflict' : 'forbidden', 'draft_join_not_public');
				}
				const created = await tx.drafts.requestJoin({ id: ids.next(), draftId, userId: requester.userId, message, createdAt: now() });
				const stored = await tx.drafts.pendingJoinRequest(draftId, requester.userId);
				if (!stored) throw new Error(`join request of ${requester.userId} on ${draftId} vanished`);
				return { request: toJoinRequest(stored), fresh: created, authorIds: facts.authorIds };
			});
			if (fresh) events.publish({ type: 'draft.joinRequested', draftId, authorIds, request });
			return request;
		},

		/**
		 * D19: any co-author accepts (the requester becomes a co-author of the still open draft) or declines a join
		 * request; a request is answered once. The requester and the co-authors are told live. R17.
		 */
		async answerJoin(actor: Actor, input: unknown): Promise<{ draftId: string; accepted: boolean }> {
			const answerer = requireUser(actor);
			const { requestId, accept } = parseInput(answerJoinSchema, input);
			await limits.take('draft.change', limitSubjectOf(actor));
			const request = await store.drafts.findJoinRequest(requestId);
			if (!request) throw new DomainError('not_found', 'draft_join_request_not_found');
			const authorIds = await store.transaction(async (tx) => {
				const { draft, facts } = await asAuthor(tx, answerer, request.draftId);
				if (!(await tx.drafts.removeJoinRequest(requestId))) throw new DomainError('not_found', 'draft_join_request_not_found');
				if (!accept) return facts.authorIds;
				if (draft.status !== 'open') throw new DomainError('conflict', 'draft_not_open');
				await tx.drafts.addAuthor(draft.id, request.userId, now());
				return [...facts.authorIds, request.userId];
			});
			if (accept) accessChanged(request.draftId);
			events.publish({ type: 'draft.joinAnswered', draftId: request.draftId, requestId, requesterId: request.userId, authorIds, accepted: accept });
			return { draftId: request.draftId, accepted: accept };
		},

		/**
		 * D20: public open drafts of a project whose titles look like `title` (the similar ideas' words, B8), best first,
		 * at most SIMILAR_DRAFTS_LIMIT; none the actor already co-writes. Counted with the similar ideas (R14).
		 */
		async similar(actor: Actor, input: unknown): Promise<SimilarDraft[]> {
			const { projectId, title } = parseInput(similarDraftsSchema, input);
			const terms = searchTerms(title, SIMILAR_TERMS_MAX).map((term) => term.toLowerCase());
			const candidates = await store.drafts.publicWithTerms(projectId, terms, SIMILAR_DRAFT_CANDIDATES);
			const authors = await store.drafts.authorsOf(candidates.map((candidate) => candidate.id));
			return candidates
				.filter((candidate) => !(actor.kind === 'user' && authors.some((author) => author.draftId === candidate.id && author.id === actor.userId)))
				.map((candidate, rank) => ({ candidate, rank, overlap: titleOverlap(title, candidate.title) }))
				.filter(({ overlap }) => overlap > 0)
				.sort((a, b) => b.overlap - a.overlap || a.rank - b.rank)
				.slice(0, SIMILAR_DRAFTS_LIMIT)
				.map(({ candidate }) => ({ id: candidate.id, title: candidate.title, authors: authors.filter((author) => author.draftId === candidate.id).length }));
		},

		/**
		 * D13/D15/D16: any co-author publishes an open draft. The first time it becomes an idea of its project (the
		 * idea rules I1–I5 and R4 apply to its fields and body: title, a body of 20 visible characters, a topic, a place
		 * in the city), with the publisher as its author and every co-author credited in the order they joined;
		 * published again after a reopen, it replaces its idea's text (D15). The body is rendered on the server from the
		 * stored document and sanitized by the ideas service; the summary, if any, is its first paragraph. The document
		 * becomes read-only (D14). R17.
		 */
		async publish(actor: Actor, input: unknown): Promise<IdeaView> {
			const publisher = requireUser(actor);
			const { draftId } = parseInput(draftIdInputSchema, input);
			await limits.take('draft.change', limitSubjectOf(actor));
			const { draft, facts } = await loaded(store, draftId);
			if (!isDraftAuthor(publisher, facts)) throw new DomainError(draftAccess(publisher, facts) === 'none' ? 'not_found' : 'forbidden', draftAccess(publisher, facts) === 'none' ? 'draft_not_found' : 'draft_forbidden');
			if (draft.status !== 'open') throw new DomainError('conflict', 'draft_not_open');
			const { fields, bodyHtml } = await contentOf(draftId);
			const summary = cleanText(fields.summary, 'multiline');
			const body = `${summary ? paragraphsOf(summary) : ''}${bodyHtml}`;
			const at = now();
			const settle = async (tx: StoreRepositories, ideaId: string) => {
				if (!(await tx.drafts.setStatus(draftId, 'open', { status: 'published', ideaId, at }))) throw new DomainError('conflict', 'draft_not_open');
				const authors = await tx.drafts.authorsOf([draftId]);
				await tx.drafts.creditIdea(ideaId, [publisher.userId, ...authors.map((author) => author.id).filter((id) => id !== publisher.userId)]);
				await tx.drafts.setListing(draftId, { title: cleanText(fields.title, 'line') || draft.title, summary, cost: fields.cost, at }, true);
			};
			const ideaId = draft.ideaId;
			const idea = ideaId
				? await ideas.reviseFromDraft(actor, { ideaId, title: fields.title, body, topic: fields.topic ?? '' }, (tx) => settle(tx, ideaId))
				: await ideas.create(
						actor,
						{ projectId: draft.projectId, title: fields.title, body, topic: fields.topic ?? '', language: languageOf(draft.language), ...(fields.location ? { location: fields.location } : {}) },
						settle
					);
			accessChanged(draftId);
			return idea;
		},

		/** D15: any co-author reopens a published draft for co-editing; its idea stays as it is until published again. R17. */
		async reopen(actor: Actor, input: unknown): Promise<Draft> {
			const opener = requireUser(actor);
			const { draftId } = parseInput(draftIdInputSchema, input);
			await limits.take('draft.change', limitSubjectOf(actor));
			await store.transaction(async (tx) => {
				await asAuthor(tx, opener, draftId);
				if (!(await tx.drafts.setStatus(draftId, 'published', { status: 'open', ideaId: null, at: now() }))) throw new DomainError('conflict', 'draft_not_published');
			});
			accessChanged(draftId);
			const { draft, authors } = await loaded(store, draftId);
			return toDraft(draft, authors);
		}
	};
	return service;
}

function languageOf(language: string): ContentLanguage {
	return (CONTENT_LANGUAGES as readonly string[]).includes(language) ? (language as ContentLanguage) : 'en';
}

export type DraftsService = ReturnType<typeof createDraftsService>;
