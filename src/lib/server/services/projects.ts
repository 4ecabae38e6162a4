import { z } from 'zod';
import { endOfDay, projectFormSchema, requireAdmin, requireStaff, startOfDay, type ProjectForm } from '../../domain/admin';
import type { Actor } from '../../domain/actors';
import { DomainError } from '../../domain/errors';
import { limitSubjectOf } from '../../domain/limits';
import { parseInput } from '../../domain/validation';
import { INTERFACE_LOCALES } from '../../domain/locales';
import {
	DEFAULT_EDIT_WINDOW_MINUTES,
	LOCATION_MODES,
	PROJECT_STATUSES,
	VOTE_MODES,
	type LocationMode,
	type Project,
	type ProjectStatus,
	type Translations,
	type VoteMode
} from '../../domain/projects';
import { answerPromiseSchema, type AnswerPromise } from '../../domain/answers';
import { idSchema } from '../../domain/ideas';
import type { ServicePorts } from '../ports';
import type { ProjectChanges, ProjectRecord } from '../storage/store';

const projectTranslationsSchema = z.partialRecord(
	z.enum(INTERFACE_LOCALES),
	z.object({ title: z.string().max(200), description: z.string().max(5_000) })
);

/** Stored translations are the operator's JSON: anything unreadable is no translation, never a broken page. */
function readTranslations<Schema extends z.ZodType>(schema: Schema, json: string): z.output<Schema> | Record<string, never> {
	try {
		const parsed = schema.safeParse(JSON.parse(json));
		return parsed.success ? parsed.data : {};
	} catch {
		return {};
	}
}

const facilitatorAssignmentSchema = z.object({
	projectId: z.string({ error: 'validation_id' }).regex(/^[A-Za-z0-9_-]{1,64}$/, 'validation_id'),
	userId: z.string({ error: 'validation_id' }).regex(/^[A-Za-z0-9_-]{1,64}$/, 'validation_id')
});

export const topicTranslationsSchema = z.partialRecord(z.enum(INTERFACE_LOCALES), z.string().max(100));
export const readTopicTranslations = (json: string): Translations<string> => readTranslations(topicTranslationsSchema, json);

export function toProject(record: ProjectRecord): Project {
	const status = (PROJECT_STATUSES as readonly string[]).includes(record.status) ? (record.status as ProjectStatus) : 'closed';
	return {
		id: record.id,
		slug: record.slug,
		title: record.title,
		description: record.description,
		translations: readTranslations(projectTranslationsSchema, record.translations),
		status,
		closesAt: record.closesAt,
		editWindowMinutes: record.editWindowMinutes,
		answerPromise:
			record.supportThreshold !== null && record.answerDays !== null ? { supportThreshold: record.supportThreshold, answerDays: record.answerDays } : null,
		votingNeedsVerifiedEmail: Number(record.votingNeedsVerifiedEmail ?? 0) === 1,
		createdAt: record.createdAt,
		opensAt: record.opensAt ?? null,
		voteMode: (VOTE_MODES as readonly string[]).includes(record.voteMode) ? (record.voteMode as VoteMode) : 'up_down',
		locationMode: (LOCATION_MODES as readonly string[]).includes(record.locationMode) ? (record.locationMode as LocationMode) : 'pin_optional'
	};
}

/** AD4: the stored fields of a project as the console's form gives them. */
function changesOf(form: ProjectForm): ProjectChanges {
	const translations = {
		...(form.titleFr && form.descriptionFr ? { fr: { title: form.titleFr, description: form.descriptionFr } } : {}),
		...(form.titleNl && form.descriptionNl ? { nl: { title: form.titleNl, description: form.descriptionNl } } : {})
	};
	return {
		slug: form.slug,
		title: form.title,
		description: form.description,
		translations: JSON.stringify(translations),
		status: form.status,
		opensAt: form.opensOn ? startOfDay(form.opensOn) : null,
		closesAt: form.closesOn ? endOfDay(form.closesOn) : null,
		editWindowMinutes: form.editWindowMinutes,
		voteMode: form.voteMode,
		locationMode: form.locationMode,
		supportThreshold: form.supportThreshold ?? null,
		answerDays: form.answerDays ?? null,
		votingNeedsVerifiedEmail: form.votingNeedsVerifiedEmail ? 1 : 0
	};
}

const slugTaken = () => new DomainError('conflict', 'admin_slug_taken', {}, { slug: { key: 'admin_slug_taken' } });

/** A facilitator assigned to a project (AD3). */
export interface ProjectFacilitator {
	readonly userId: string;
	readonly displayName: string;
}

/** A project with what its page and the home page show about participation. */
export interface ProjectSummary extends Project {
	readonly ideaCount: number;
	readonly voteCount: number;
	/** People who posted or voted. */
	readonly participantCount: number;
}

export function createProjectsService({ store, clock, ids, limits, events }: ServicePorts) {
	return {
		/** AD4: creates a project from the console's form (admins; R40). `conflict` on the slug field when taken. */
		async create(actor: Actor, input: unknown): Promise<Project> {
			requireAdmin(actor);
			await limits.take('admin.project', limitSubjectOf(actor));
			const changes = changesOf(parseInput(projectFormSchema, input));
			const record: ProjectRecord = { id: ids.next(), ...changes, createdAt: clock.now().toISOString() };
			if (!(await store.projects.insertIfSlugFree(record))) throw slugTaken();
			return toProject(record);
		},

		/** AD4/AD5: replaces a project's texts, dates, status and settings (admins; R40). */
		async update(actor: Actor, projectId: string, input: unknown): Promise<Project> {
			requireAdmin(actor);
			await limits.take('admin.project', limitSubjectOf(actor));
			const changes = changesOf(parseInput(projectFormSchema, input));
			const updated = await store.transaction(async (tx) => {
				const other = await tx.projects.findBySlug(changes.slug);
				if (other && other.id !== projectId) throw slugTaken();
				if (!(await tx.projects.update(projectId, changes))) throw new DomainError('not_found', 'project_not_found');
				return tx.projects.findById(projectId);
			});
			if (!updated) throw new DomainError('not_found', 'project_not_found');
			return toProject(updated);
		},

		/** AD3: the facilitators who run a project (staff). */
		async facilitators(actor: Actor, projectId: string): Promise<ProjectFacilitator[]> {
			requireStaff(actor);
			return (await store.staff.facilitatorsOf(projectId)).map(({ userId, displayName }) => ({ userId, displayName }));
		},

		/**
		 * AD3: makes a facilitator run a project, or stop (admins; R44). Only an account with the facilitator role can
		 * be assigned. Publishes `account.changed`, so the facilitator's open pages follow.
		 */
		async setFacilitator(actor: Actor, input: { projectId: unknown; userId: unknown; assigned: boolean }): Promise<void> {
			const admin = requireAdmin(actor);
			await limits.take('admin.staff', limitSubjectOf(actor));
			const { projectId, userId } = parseInput(facilitatorAssignmentSchema, input);
			if (!(await store.projects.findById(projectId))) throw new DomainError('not_found', 'project_not_found');
			const member = await store.staff.findMember(userId);
			if (!member) throw new DomainError('not_found', 'account_not_found', {}, { userId: { key: 'account_not_found' } });
			if (input.assigned) {
				if (member.role !== 'facilitator') throw new DomainError('invalid', 'admin_not_facilitator', {}, { userId: { key: 'admin_not_facilitator' } });
				await store.staff.assignFacilitator(projectId, userId, admin.userId, clock.now().toISOString());
			} else {
				await store.staff.unassignFacilitator(projectId, userId);
			}
			events.publish({ type: 'account.changed', userId });
		},

		/** AD3: the projects a facilitator runs (their console page); admins see every project. */
		async runBy(actor: Actor): Promise<Project[]> {
			const staff = requireStaff(actor);
			const all = (await store.projects.list()).map(toProject);
			if (staff.role === 'admin') return all;
			const mine = new Set(await store.staff.projectIdsRunBy(staff.userId));
			return all.filter((project) => mine.has(project.id));
		},

		async list(): Promise<Project[]> {
			return (await store.projects.list()).map(toProject);
		},

		/** Every project with its numbers, newest first (the home page). */
		async listWithNumbers(): Promise<ProjectSummary[]> {
			const [projects, numbers] = await Promise.all([store.projects.list(), store.projects.numbers()]);
			const byProject = new Map(numbers.map((row) => [row.projectId, row]));
			return projects.map((record) => {
				const row = byProject.get(record.id);
				return { ...toProject(record), ideaCount: row?.ideaCount ?? 0, voteCount: row?.voteCount ?? 0, participantCount: row?.participantCount ?? 0 };
			});
		},

		/** Throws `not_found` for an unknown id. */
		async getById(id: string): Promise<Project> {
			const record = await store.projects.findById(id);
			if (!record) throw new DomainError('not_found', 'project_not_found');
			return toProject(record);
		},

		/** Throws `not_found` for an unknown slug. */
		async getBySlug(slug: string): Promise<Project> {
			const record = await store.projects.findBySlug(slug);
			if (!record) throw new DomainError('not_found', 'project_not_found');
			return toProject(record);
		},

		/**
		 * E6: whether voting in the project needs a verified e-mail address. Admins only; the staff console's project
		 * form calls this (and operator tools may, with an admin actor).
		 */
		async setVotingNeedsVerifiedEmail(actor: Actor, projectId: string, needed: unknown): Promise<Project> {
			if (actor.kind !== 'user') throw new DomainError('unauthenticated', 'verify_setting_admin_only');
			if (actor.role !== 'admin') throw new DomainError('forbidden', 'verify_setting_admin_only');
			const { id, value } = parseInput(z.object({ id: idSchema, value: z.boolean() }), { id: projectId, value: needed });
			if (!(await store.projects.setVotingNeedsVerifiedEmail(id, value))) throw new DomainError('not_found', 'project_not_found');
			return this.getById(id);
		},

		/** Creates the project unless one with this slug exists (operator tool: demo seeding). */
		async ensure(input: {
			slug: string;
			title: string;
			description: string;
			status: ProjectStatus;
			translations?: Project['translations'];
			closesAt?: string | null;
			/** I7: default DEFAULT_EDIT_WINDOW_MINUTES. */
			editWindowMinutes?: number;
			/** ST7: default none. */
			answerPromise?: AnswerPromise | null;
			/** E6: default false. */
			votingNeedsVerifiedEmail?: boolean;
		}): Promise<Project> {
			const { translations = {}, closesAt = null, editWindowMinutes = DEFAULT_EDIT_WINDOW_MINUTES, answerPromise = null, votingNeedsVerifiedEmail = false, ...rest } = input;
			return toProject(
				await store.projects.insertIfAbsent({
					id: ids.next(),
					...rest,
					translations: JSON.stringify(projectTranslationsSchema.parse(translations)),
					closesAt,
					editWindowMinutes,
					supportThreshold: answerPromise?.supportThreshold ?? null,
					answerDays: answerPromise?.answerDays ?? null,
					votingNeedsVerifiedEmail: votingNeedsVerifiedEmail ? 1 : 0,
					createdAt: clock.now().toISOString(),
					opensAt: null,
					voteMode: 'up_down',
					locationMode: 'pin_optional'
				})
			);
		},

		/**
		 * ST7: sets (or, with null, removes) the support at which the city promises an answer and the days it gives
		 * itself. Admins only. Ideas already past a threshold keep the date they crossed it.
		 */
		async setAnswerPromise(actor: Actor, input: { projectId: unknown; promise: unknown }): Promise<Project> {
			if (actor.kind !== 'user') throw new DomainError('unauthenticated', 'auth_sign_in_to_manage');
			const projectId = parseInput(idSchema, input.projectId);
			const promise = parseInput(answerPromiseSchema, input.promise);
			if (actor.role !== 'admin') throw new DomainError('forbidden', 'answer_promise_forbidden');
			await limits.take('project.answerPromise', limitSubjectOf(actor));
			const record = await store.projects.findById(projectId);
			if (!record) throw new DomainError('not_found', 'project_not_found');
			await store.projects.setAnswerPromise(projectId, promise);
			return toProject({ ...record, supportThreshold: promise?.supportThreshold ?? null, answerDays: promise?.answerDays ?? null });
		}
	};
}

export type ProjectsService = ReturnType<typeof createProjectsService>;
