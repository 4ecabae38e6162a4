import { z } from 'zod';
import { DomainError } from '../../domain/errors';
import { INTERFACE_LOCALES } from '../../domain/locales';
import { DEFAULT_EDIT_WINDOW_MINUTES, PROJECT_STATUSES, type Project, type ProjectStatus, type Translations } from '../../domain/projects';
import type { Actor } from '../../domain/actors';
import { answerPromiseSchema, type AnswerPromise } from '../../domain/answers';
import { idSchema } from '../../domain/ideas';
import { limitSubjectOf } from '../../domain/limits';
import { parseInput } from '../../domain/validation';
import type { ServicePorts } from '../ports';
import type { ProjectRecord } from '../storage/store';

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
		createdAt: record.createdAt
	};
}

/** A project with what its page and the home page show about participation. */
export interface ProjectSummary extends Project {
	readonly ideaCount: number;
	readonly voteCount: number;
	/** People who posted or voted. */
	readonly participantCount: number;
}

export function createProjectsService({ store, clock, ids, limits }: ServicePorts) {
	return {
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
					createdAt: clock.now().toISOString()
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
