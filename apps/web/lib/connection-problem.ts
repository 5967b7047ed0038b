/**
 * What the dashboard's banner says when its data stops coming, naming the part that is really
 * at fault: the browser's own network, the web server it was loaded from, or rdv-server behind
 * it. Null when nothing is wrong.
 */
export function connectionProblem(online: boolean, error: unknown): string | null {
  // Checked first: while offline every request fails, and blaming a server would mislead.
  if (!online) return 'You are offline. The dashboard reconnects when the network is back.';
  if (!error) return null;
  const message = messageOf(error);
  if (isNetworkFailure(message))
    return `The rdv web server cannot be reached (${message}). Is it still running?`;
  return `rdv-server is not answering: ${message}`;
}

function messageOf(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error && typeof error.message === 'string')
    return error.message;
  return String(error);
}

/** fetch()'s own failure (nothing answered at all), as Chromium, Firefox and Safari word it. */
function isNetworkFailure(message: string): boolean {
  return /^(Failed to fetch|NetworkError when attempting to fetch resource\.?|Load failed)$/.test(
    message,
  );
}
