import { actorOf, onCommand, type AgoraSocket, type HandlerContext } from './command';

/** ST1–ST4: the city's answers over the live connection (the idea page's form without JavaScript is `?/answer`). */
export function registerAnswerHandlers(socket: AgoraSocket, context: HandlerContext): void {
	const { answers } = context.app.services;
	onCommand(socket, context, 'idea:answer', (payload) => answers.answer(actorOf(socket), payload));
}
