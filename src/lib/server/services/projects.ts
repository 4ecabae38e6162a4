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
		locationMode: form.locationMode
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
		}): Promise<Project> {
			const { translations = {}, closesAt = null, editWindowMinutes = DEFAULT_EDIT_WINDOW_MINUTES, ...rest } = input;
			return toProject(
				await store.projects.insertIfAbsent({
					id: ids.next(),
					...rest,
					translations: JSON.stringify(projectTranslationsSchema.parse(translations)),
					closesAt,
					editWindowMinutes,
					createdAt: clock.now().toISOString(),
					opensAt: null,
					voteMode: 'up_down',
					locationMode: 'pin_optional'
				})
			);
		}
	};
}

export type ProjectsService = ReturnType<typeof createProjectsService>;
