// Running a Pulumi program under mocks inside jest, at the cost of the
// program itself. The Pulumi SDK captures `new Error().stack` for every
// promise it makes (debuggablePromise, for leak reports the mocks never
// print) and jest runs with Error.stackTraceLimit = 100 and source-map
// support, so each capture maps up to 100 frames through source maps: for
// the AWS stack's ~60 resources that was >90% of the run (about 1.2 s of
// CPU per run on a quiet 2-core machine, > 5 s under load; 80 ms without).
// Tests assert on recorded resources and error messages, not on these traces.

/** Runs `program` (and whatever it leaves pending until it resolves) without stack traces. */
export async function withoutStackTraces<T>(program: () => Promise<T>): Promise<T> {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return await program();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
