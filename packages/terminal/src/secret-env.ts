// rdv's own secrets that can sit in the daemon's environment. Nothing rdv starts (the tmux
// server, so every session; git and its hooks; worktree set-up commands) may inherit them.

/**
 * Variables rdv treats as secret. `RDV_TOKEN` is a CLI token (`RDV_TOKEN=… rdv server restart`
 * hands the CLI's environment to the daemon). The service token, the web app's cookie key and
 * the CLI token file are files, never variables.
 */
export const RDV_SECRET_ENV: readonly string[] = ['RDV_TOKEN'];

/** `env` without rdv's secrets (a copy). */
export function withoutRdvSecrets(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean = { ...env };
  for (const name of RDV_SECRET_ENV) delete clean[name];
  return clean;
}
