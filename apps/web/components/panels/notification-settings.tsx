'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { NOTIFICATION_STATE_LABELS } from '@rdv/contract';
import { useEffect, useId, useState } from 'react';
import { errorMessage, relativeTime } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import {
  currentSubscription,
  deviceLabel,
  endpointHash,
  pushSupported,
  subscribeThisBrowser,
} from '../../lib/web-push';
import styles from './panels.module.css';

type Report = { delivered: string[]; failed: Array<{ target: string; error: string }> };

/** "Sent to webhook: Slack" or "webhook: Slack: HTTP 500". */
function describeReport(report: Report): string {
  if (report.failed.length === 0) return `Sent to ${report.delivered.join(', ')}.`;
  return `Not delivered: ${report.failed.map((f) => `${f.target}: ${f.error}`).join('; ')}.`;
}

/**
 * Notifications that reach the person with no tab open: Web Push to this device, ntfy and
 * webhooks (added here or in config.toml), each with a "Send test" button. URLs and tokens are
 * write-only: the daemon shows a channel's host, never its secret.
 */
export function NotificationSettings(props: { inPageToggle: React.ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const headingId = useId();
  const overview = useQuery(trpc.notifications.get.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.notifications.pathKey() });
  const [endpoint, setEndpoint] = useState<string | null>(null);
  const [hash, setHash] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  useEffect(() => {
    void currentSubscription().then((s) => setEndpoint(s?.endpoint ?? null));
  }, []);
  useEffect(() => {
    if (endpoint) void endpointHash(endpoint).then(setHash);
    else setHash(null);
  }, [endpoint]);
  const subscribedHere =
    hash !== null && overview.data?.subscriptions.some((s) => s.endpointHash === hash) === true;

  const subscribe = useMutation(trpc.notifications.subscribe.mutationOptions({ onSuccess: refresh }));
  const unsubscribe = useMutation(trpc.notifications.unsubscribe.mutationOptions({ onSuccess: refresh }));
  const test = useMutation(
    trpc.notifications.test.mutationOptions({
      onSuccess: (report) => setStatus(describeReport(report)),
      onError: (error) => setStatus(errorMessage(error)),
    }),
  );
  const removeChannel = useMutation(trpc.notifications.removeChannel.mutationOptions({ onSuccess: refresh }));

  const enablePush = async () => {
    if (!overview.data) return;
    setStatus('');
    try {
      const json = await subscribeThisBrowser(overview.data.vapidPublicKey);
      if (!json.endpoint || !json.keys?.p256dh || !json.keys.auth) throw new Error('the browser gave no subscription keys');
      await subscribe.mutateAsync({
        endpoint: json.endpoint,
        keys: { p256dh: json.keys.p256dh, auth: json.keys.auth },
        label: deviceLabel(),
      });
      setEndpoint(json.endpoint);
      setStatus('Push notifications are on for this device.');
    } catch (error) {
      setStatus(`Could not turn push on: ${errorMessage(error)}`);
    }
  };
  const disablePush = async () => {
    const subscription = await currentSubscription();
    if (subscription) {
      await unsubscribe.mutateAsync({ endpoint: subscription.endpoint });
      await subscription.unsubscribe();
    }
    setEndpoint(null);
    setStatus('Push notifications are off for this device.');
  };

  const data = overview.data;
  return (
    <section aria-labelledby={headingId} data-testid="notification-settings">
      <p className={styles.section} id={headingId}>
        Notifications
      </p>
      {props.inPageToggle}

      <p className={styles.subsection}>Push to this device (no tab needed)</p>
      {!pushSupported() ? (
        <p className="muted">This browser cannot receive push here (it needs https or localhost).</p>
      ) : (
        <div className={styles.row}>
          {subscribedHere ? (
            <>
              <button
                onClick={() => endpoint && test.mutate({ kind: 'push', endpoint })}
                disabled={test.isPending}
              >
                Send test push
              </button>
              <button onClick={() => void disablePush()}>Turn off on this device</button>
            </>
          ) : (
            <button className="primary" onClick={() => void enablePush()} disabled={!data || subscribe.isPending}>
              Turn on push for this device
            </button>
          )}
        </div>
      )}
      {data && data.subscriptions.length > 0 && (
        <ul className={styles.plainList} aria-label="Devices with push">
          {data.subscriptions.map((s) => (
            <li key={s.id}>
              {s.label} <span className="muted">({s.service}{s.lastSentAt ? `, last sent ${relativeTime(s.lastSentAt)}` : ''})</span>
              {s.endpointHash === hash && <span className="muted"> · this device</span>}
            </li>
          ))}
        </ul>
      )}

      <p className={styles.subsection}>Channels</p>
      {data && data.channels.length === 0 && <p className="muted">No ntfy topic or webhook yet.</p>}
      {data && data.channels.length > 0 && (
        <ul className={styles.plainList} aria-label="Notification channels">
          {data.channels.map((c) => (
            <li key={c.id} data-channel={c.id} className={styles.row}>
              <span>
                {c.name} <span className="muted">({c.kind === 'webhook' ? `webhook, ${c.format}` : 'ntfy'} · {c.target}{c.source === 'config' ? ' · config.toml' : ''})</span>
              </span>
              <button
                onClick={() => test.mutate({ kind: 'channel', id: c.id })}
                disabled={test.isPending}
                aria-label={`Send test to ${c.name}`}
              >
                Send test
              </button>
              {c.source === 'settings' && (
                <button
                  className="danger"
                  onClick={() => removeChannel.mutate({ id: c.id })}
                  aria-label={`Remove ${c.name}`}
                >
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <AddChannelForm onAdded={refresh} />
      <p role="status" className="muted" aria-live="polite">
        {status}
      </p>
      {data && (
        <p className="muted">
          Sent when a session is {data.states.map((state) => NOTIFICATION_STATE_LABELS[state]).join(', ')};
          at most one per session every{' '}
          {data.minIntervalSeconds} s{data.quietHours ? `; none during ${data.quietHours}` : ''}. Change
          these under [notifications] in config.toml.
        </p>
      )}
      {overview.error && <p className="error-text">{errorMessage(overview.error)}</p>}
    </section>
  );
}

/** ntfy topic or webhook: the URL (and token) go to the daemon once and are not shown again. */
function AddChannelForm(props: { onAdded: () => Promise<void> }) {
  const trpc = useTRPC();
  const [kind, setKind] = useState<'ntfy' | 'webhook'>('ntfy');
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const [format, setFormat] = useState<'json' | 'slack' | 'discord'>('slack');
  const add = useMutation(
    trpc.notifications.addChannel.mutationOptions({
      onSuccess: async () => {
        setName('');
        setUrl('');
        setToken('');
        await props.onAdded();
      },
    }),
  );
  const id = useId();
  return (
    <form
      className={styles.channelForm}
      aria-label="Add a notification channel"
      onSubmit={(event) => {
        event.preventDefault();
        add.mutate(
          kind === 'ntfy'
            ? { kind, name, url, ...(token.trim() ? { token: token.trim() } : {}) }
            : { kind, name, url, format },
        );
      }}
    >
      <label htmlFor={`${id}-kind`}>Kind</label>
      <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as 'ntfy' | 'webhook')}>
        <option value="ntfy">ntfy topic</option>
        <option value="webhook">Webhook</option>
      </select>
      <label htmlFor={`${id}-name`}>Name</label>
      <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
      <label htmlFor={`${id}-url`}>{kind === 'ntfy' ? 'Topic URL' : 'Webhook URL'}</label>
      <input
        id={`${id}-url`}
        className="mono"
        type="url"
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        placeholder={kind === 'ntfy' ? 'https://ntfy.sh/your-topic' : 'https://hooks.slack.com/services/…'}
        autoComplete="off"
        required
      />
      {kind === 'ntfy' ? (
        <>
          <label htmlFor={`${id}-token`}>Token (optional)</label>
          <input
            id={`${id}-token`}
            className="mono"
            type="password"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            autoComplete="off"
          />
        </>
      ) : (
        <>
          <label htmlFor={`${id}-format`}>Body</label>
          <select id={`${id}-format`} value={format} onChange={(e) => setFormat(e.target.value as typeof format)}>
            <option value="slack">Slack ({'{text}'})</option>
            <option value="discord">Discord ({'{content}'})</option>
            <option value="json">rdv JSON</option>
          </select>
        </>
      )}
      <button type="submit" disabled={add.isPending}>
        Add channel
      </button>
      {add.error && <p className="error-text">{errorMessage(add.error)}</p>}
    </form>
  );
}
