// Prints Vitest's JSON report as the one line CI reads: "N passed, N failed" (", N skipped" when any were).
// The optional second argument adds failed steps outside the test runner (install, check, lint) to the failures.
import { readFileSync } from 'node:fs';

const [reportPath, failedStepsArgument] = process.argv.slice(2);
const failedSteps = Number(failedStepsArgument ?? 0) || 0;
let report;
try {
	report = JSON.parse(readFileSync(reportPath, 'utf8'));
} catch {
	// No report, or a truncated one: the test run itself failed.
	process.stdout.write(`0 passed, ${Math.max(failedSteps, 1)} failed\n`);
	process.exit(0);
}
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
// A file that failed to load counts as a failure even though no test in it ran.
const brokenFiles = (report.testResults ?? []).filter((file) => file.status === 'failed' && file.assertionResults?.length === 0).length;
const failed = (report.numFailedTests ?? 0) + brokenFiles + failedSteps;
process.stdout.write(`${report.numPassedTests ?? 0} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`);
