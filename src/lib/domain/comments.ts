import { z } from 'zod';
import { idSchema } from './ideas';

export const COMMENT_BODY_MAX = 2000;

export const addCommentSchema = z.object({
	ideaId: idSchema,
	body: z
		.string({ error: 'Write a comment.' })
		.trim()
		.min(2, 'Write a comment.')
		.max(COMMENT_BODY_MAX, `Use at most ${COMMENT_BODY_MAX} characters.`)
});

export interface Comment {
	readonly id: string;
	readonly ideaId: string;
	readonly author: { readonly id: string; readonly displayName: string };
	readonly body: string;
	readonly createdAt: string;
}
