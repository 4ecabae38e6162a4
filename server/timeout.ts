/** Rejects with `message` when `promise` has not settled within `milliseconds`; the timer never outlives it. */
export function withTimeout<T>(promise: Promise<T>, milliseconds: number, message: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timedOut = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(message)), milliseconds);
	});
	return Promise.race([promise, timedOut]).finally(() => clearTimeout(timer));
}
