// How integration tests read a tRPC call's outcome.

/** The tRPC error code of a failed call, or "OK". */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    const data = (error as { data?: { code?: string } }).data;
    if (data?.code) return data.code;
    throw error;
  }
}

/** The tRPC error of a failed call (code and message); throws when the call succeeded. */
export async function errorOf(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const data = (error as { data?: { code?: string } }).data;
    return { code: data?.code ?? 'UNKNOWN', message: (error as Error).message };
  }
  throw new Error('expected the call to fail');
}
