/** A logger for services under test: their log lines are not what the tests check. */
export const silentLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
