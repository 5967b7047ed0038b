'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { errorMessage, relativeTime } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import styles from './panels.module.css';

/** How often the list is refreshed while Settings is open: a host's state changes by itself. */
const REFRESH_MS = 3_000;

const STATE_LABELS: Record<string, string> = {
  connecting: 'connecting',
  connected: 'connected',
  unreachable: 'unreachable',
  rdv_missing: 'rdv not running',
  token_refused: 'token refused',
};

/** `Port=2222` per line, blank lines ignored (what `rdv host add --ssh-option` takes). */
function parseOptions(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/**
 * The fleet (`rdv host`): other machines' rdv reached over SSH by this machine's daemon. Each
 * host with its state (and ssh's or the remote's reason when it is not connected); add by
 * name and ssh destination, test (reconnect now), remove. Refusals are shown in ssh's words.
 */
export function HostSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const headingId = useId();
  const hosts = useQuery({ ...trpc.hosts.list.queryOptions(), refetchInterval: REFRESH_MS });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.hosts.pathKey() });
  const [status, setStatus] = useState('');
  const test = useMutation(
    trpc.hosts.test.mutationOptions({
      onSuccess: async (host) => {
        setStatus(
          `${host.name}: ${STATE_LABELS[host.state] ?? host.state}${host.reason ? ` (${host.reason})` : ''}`,
        );
        await refresh();
      },
      onError: (error) => setStatus(errorMessage(error)),
    }),
  );
  const remove = useMutation(
    trpc.hosts.remove.mutationOptions({
      onSuccess: async (removed) => {
        setStatus(
          removed.remoteTokenRevoked
            ? `${removed.name} removed; its token there is revoked.`
            : `${removed.name} removed; its token there could not be revoked (unreachable): revoke it there with rdv token list / revoke.`,
        );
        await refresh();
      },
      onError: (error) => setStatus(errorMessage(error)),
    }),
  );

  return (
    <section aria-labelledby={headingId} data-testid="host-settings">
      <p className={styles.section} id={headingId}>
        Hosts
      </p>
      {hosts.data && hosts.data.length === 0 && (
        <p className="muted">No other machine yet: add one reached over SSH.</p>
      )}
      {hosts.data && hosts.data.length > 0 && (
        <ul className={styles.plainList} aria-label="Hosts">
          {hosts.data.map((host) => (
            <li key={host.name} data-host={host.name} className={styles.row}>
              <span>
                <strong>{host.name}</strong> <span className="muted mono">{host.destination}</span>{' '}
                <span data-host-state={host.state}>{STATE_LABELS[host.state] ?? host.state}</span>
                {host.state === 'connected' && host.activeSessions !== null && (
                  <span className="muted">
                    {' '}
                    · {host.activeSessions} live session{host.activeSessions === 1 ? '' : 's'}
                    {host.version ? ` · rdv ${host.version}` : ''}
                  </span>
                )}
                {host.state !== 'connected' && (
                  <span className="muted"> · since {relativeTime(host.since)}</span>
                )}
                {host.reason && <span className="error-text">: {host.reason}</span>}
              </span>
              <button
                onClick={() => test.mutate({ name: host.name })}
                disabled={test.isPending}
                aria-label={`Test ${host.name}`}
              >
                Test
              </button>
              <button
                className="danger"
                onClick={() => remove.mutate({ name: host.name })}
                disabled={remove.isPending}
                aria-label={`Remove ${host.name}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <AddHostForm onAdded={refresh} />
      <p role="status" className="muted" aria-live="polite">
        {test.isPending ? 'Testing…' : status}
      </p>
      {hosts.error && <p className="error-text">{errorMessage(hosts.error)}</p>}
    </section>
  );
}

/** Name and ssh destination (and `-o` options): the daemon checks rdv there and takes a token. */
function AddHostForm(props: { onAdded: () => Promise<void> }) {
  const trpc = useTRPC();
  const [name, setName] = useState('');
  const [destination, setDestination] = useState('');
  const [options, setOptions] = useState('');
  const add = useMutation(
    trpc.hosts.add.mutationOptions({
      onSuccess: async () => {
        setName('');
        setDestination('');
        setOptions('');
        await props.onAdded();
      },
    }),
  );
  const id = useId();
  return (
    <form
      className={styles.channelForm}
      aria-label="Add a host"
      onSubmit={(event) => {
        event.preventDefault();
        add.mutate({
          name: name.trim(),
          destination: destination.trim(),
          sshOptions: parseOptions(options),
        });
      }}
    >
      <label htmlFor={`${id}-name`}>Name</label>
      <input
        id={`${id}-name`}
        className="mono"
        value={name}
        onChange={(e) => setName(e.target.value)}
        placeholder="gpu"
        pattern="[a-z0-9][a-z0-9\-]{0,31}"
        title="1-32 lower-case letters, digits and dashes"
        autoCapitalize="off"
        autoComplete="off"
        spellCheck={false}
        required
      />
      <label htmlFor={`${id}-destination`}>SSH destination</label>
      <input
        id={`${id}-destination`}
        className="mono"
        value={destination}
        onChange={(e) => setDestination(e.target.value)}
        placeholder="me@gpu-box or an alias of ~/.ssh/config"
        autoCapitalize="off"
        autoComplete="off"
        spellCheck={false}
        required
      />
      <label htmlFor={`${id}-options`}>SSH options (optional)</label>
      <textarea
        id={`${id}-options`}
        className="mono"
        rows={2}
        value={options}
        onChange={(e) => setOptions(e.target.value)}
        placeholder={'Port=2222\nProxyJump=bastion'}
        autoCapitalize="off"
        spellCheck={false}
      />
      <button type="submit" disabled={add.isPending}>
        {add.isPending ? 'Adding…' : 'Add host'}
      </button>
      {add.error && (
        <p className="error-text" role="alert">
          {errorMessage(add.error)}
        </p>
      )}
    </form>
  );
}
