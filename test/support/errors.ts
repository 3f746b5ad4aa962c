// The error a call throws, when it is of the expected class; anything else
// (another error, or no error at all) fails the test with what happened.
export function thrownBy<T extends Error>(fn: () => unknown, type: abstract new (...args: never[]) => T): T {
  try {
    fn();
  } catch (err) {
    if (err instanceof type) return err;
    throw err;
  }
  throw new Error(`expected a ${type.name}, but nothing was thrown`);
}
