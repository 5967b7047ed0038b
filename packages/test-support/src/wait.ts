/**
 * What a wait is for, in its timeout message; a function is called at the timeout, so the
 * message can show the state then (the screen, the output so far), not the state at the start.
 */
export type WaitWhat = string | (() => string);

/**
 * Polls `check` until it returns a value (anything but undefined or false) and returns that
 * value; throws `timed out waiting for <what>` after `timeoutMs`.
 */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what: WaitWhat,
  timeoutMs = 15_000,
  pollMs = 20,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Polls `check` until it is true; throws `timed out waiting for <what>` after `timeoutMs`. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  what: WaitWhat,
  timeoutMs = 15_000,
  pollMs = 20,
): Promise<void> {
  await waitFor(async () => (await check()) || undefined, what, timeoutMs, pollMs);
}
