/**
 * Jobs defined outside core/jobs/jobs.ts register here, so the worker knows them
 * without core/jobs depending on every feature module.
 */
export function registerSampleJobs(): void {
  // Filled in by the sample shop (sample-data/first-run.ts).
}
