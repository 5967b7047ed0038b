// Host-qualified session ids: `gpu:3f2a…` names session 3f2a… on host gpu. The only parser of
// them; every `<session>` argument goes through it (see select-host.ts).

/** A host's name, as `rdv host add` accepts it. */
const HOST_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;

export interface QualifiedRef {
  /** null: no host named, this machine or the `--host` one. */
  host: string | null;
  ref: string;
}

/** `gpu:3f2a` → { host: 'gpu', ref: '3f2a' }; anything else is a plain ref, left as it is. */
export function parseQualifiedRef(value: string): QualifiedRef {
  const colon = value.indexOf(':');
  if (colon <= 0 || colon === value.length - 1) return { host: null, ref: value };
  const host = value.slice(0, colon);
  if (!HOST_NAME.test(host)) return { host: null, ref: value };
  return { host, ref: value.slice(colon + 1) };
}

/** How a remote session's id is shown: `gpu:3f2a…`. */
export function qualifyId(host: string | null, id: string): string {
  return host ? `${host}:${id}` : id;
}
