/**
 * The shortest edit script between two sequences (Myers, "An O(ND) difference algorithm", 1986): what a version
 * comparison marks as added and removed (D36), and which top-level blocks a restore keeps (D38).
 *
 * Written here rather than taken from a package because none is installed and the need is small: equal, insert and
 * delete over short integer codes. Its cost grows with the number of differences D, not with the length squared, so a
 * long document with a few edits compares quickly; past `maxEdits` it gives up (null) and the caller marks the whole
 * middle as replaced, which keeps a comparison of two unrelated texts from taking seconds.
 */
export type DiffOp = 'equal' | 'insert' | 'delete';

/** One step of the script: `equal` keeps a[index] (= b[other]); `delete` drops a[index]; `insert` adds b[other]. */
export interface DiffStep {
	readonly op: DiffOp;
	/** The position in `a` (equal, delete) or in `b` (insert). */
	readonly index: number;
}

/** The steps turning `a` into `b`, in order, or null when they differ by more than `maxEdits` insertions and deletions. */
export function diffSequences<T>(a: readonly T[], b: readonly T[], maxEdits: number): DiffStep[] | null {
	let start = 0;
	while (start < a.length && start < b.length && a[start] === b[start]) start++;
	let endA = a.length;
	let endB = b.length;
	while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
		endA--;
		endB--;
	}
	const middle = middleSteps(a, b, start, endA, endB, maxEdits);
	if (!middle) return null;
	const steps: DiffStep[] = [];
	for (let index = 0; index < start; index++) steps.push({ op: 'equal', index });
	steps.push(...middle);
	for (let index = endA; index < a.length; index++) steps.push({ op: 'equal', index });
	return steps;
}

/** Myers' greedy forward search on a[start, endA) against b[start, endB), with its trace kept for the way back. */
function middleSteps<T>(a: readonly T[], b: readonly T[], start: number, endA: number, endB: number, maxEdits: number): DiffStep[] | null {
	const n = endA - start;
	const m = endB - start;
	const max = n + m;
	if (max === 0) return [];
	const offset = max + 1;
	const v = new Int32Array(2 * max + 3);
	// trace[d] holds v[-d..d] as it was before step d: enough to walk back, and O(D²) memory rather than O(D·(N+M)).
	const trace: Int32Array[] = [];
	for (let d = 0; d <= Math.min(max, maxEdits); d++) {
		trace.push(v.slice(offset - d, offset + d + 1));
		for (let k = -d; k <= d; k += 2) {
			let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
			let y = x - k;
			while (x < n && y < m && a[start + x] === b[start + y]) {
				x++;
				y++;
			}
			v[offset + k] = x;
			if (x >= n && y >= m) return backtrack(trace, n, m, start);
		}
	}
	return null;
}

function backtrack(trace: Int32Array[], n: number, m: number, start: number): DiffStep[] {
	const reversed: DiffStep[] = [];
	let x = n;
	let y = m;
	for (let d = trace.length - 1; d >= 0; d--) {
		const before = trace[d]!;
		const at = (k: number) => before[k + d]!;
		const k = x - y;
		const previousK = d === 0 ? 0 : k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
		const previousX = d === 0 ? 0 : at(previousK);
		const previousY = previousX - previousK;
		while (x > previousX && y > previousY) {
			x--;
			y--;
			reversed.push({ op: 'equal', index: start + x });
		}
		if (d === 0) break;
		if (x === previousX) reversed.push({ op: 'insert', index: start + y - 1 });
		else reversed.push({ op: 'delete', index: start + x - 1 });
		x = previousX;
		y = previousY;
	}
	return reversed.reverse();
}
