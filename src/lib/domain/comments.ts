import { z } from 'zod';
import { idSchema } from './ideas';
import { personText } from './text';

export const COMMENT_BODY_MAX = 2000;

export const addCommentSchema = z.object({
	ideaId: idSchema,
	body: personText({ kind: 'multiline', min: 2, max: COMMENT_BODY_MAX, required: 'comment_body_required' })
});

export interface Comment {
	readonly id: string;
	readonly ideaId: string;
	readonly author: { readonly id: string; readonly displayName: string };
	readonly body: string;
	readonly createdAt: string;
}
