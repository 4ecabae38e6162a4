// Prints Vitest's JSON report as the one line CI reads: "N passed, N failed" (", N skipped" when any were).
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
// A file that failed to load counts as a failure even though no test in it ran.
const brokenFiles = (report.testResults ?? []).filter((file) => file.status === 'failed' && file.assertionResults?.length === 0).length;
const failed = (report.numFailedTests ?? 0) + brokenFiles;
process.stdout.write(`${report.numPassedTests ?? 0} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`);
