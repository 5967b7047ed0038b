'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../lib/format';
import {
  isNumberPreference,
  NUMBER_PREFERENCE_RANGES,
  preferenceFieldError,
} from '../../lib/preference-form';
import { useTRPC } from '../../lib/trpc';
import type { FolderOption } from '../dialogs/folder-select';
import { KeyTables } from '../keyboard-help';
import { CopyOnSelectSetting } from '../terminal/copy-on-select-setting';
import { THEME_CHOICES } from '../terminal/themes';
import { AccountSettings } from './account-settings';
import { HostSettings } from './host-settings';
import { NotificationSettings } from './notification-settings';
import { PanelFrame } from './panel-frame';
import styles from './panels.module.css';

type Key =
  | 'cwd'
  | 'shell'
  | 'startupCommand'
  | 'agentCommand'
  | 'theme'
  | 'fontSize'
  | 'scrollbackLines'
  | 'historyLimit'
  | 'recording'
  | 'env';

const FIELDS: ReadonlyArray<{ key: Key; label: string; kind: 'text' | 'number' | 'bool' | 'env' }> =
  [
    { key: 'cwd', label: 'Working directory', kind: 'text' },
    { key: 'shell', label: 'Shell', kind: 'text' },
    { key: 'startupCommand', label: 'Start-up command', kind: 'text' },
    { key: 'agentCommand', label: 'Agent command', kind: 'text' },
    { key: 'env', label: 'Environment', kind: 'env' },
    { key: 'theme', label: 'Theme', kind: 'text' },
    { key: 'fontSize', label: 'Font size', kind: 'number' },
    { key: 'scrollbackLines', label: 'Scrollback lines', kind: 'number' },
    { key: 'historyLimit', label: 'tmux history', kind: 'number' },
    { key: 'recording', label: 'Recording', kind: 'bool' },
  ];

/** `NAME=value` per line; `-NAME` unsets a variable inherited from above. */
function envToText(env: Record<string, string | null> | null | undefined): string {
  return Object.entries(env ?? {})
    .map(([name, value]) => (value === null ? `-${name}` : `${name}=${value}`))
    .join('\n');
}

function textToEnv(text: string): Record<string, string | null> {
  const env: Record<string, string | null> = {};
  for (const line of text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    if (line.startsWith('-')) env[line.slice(1)] = null;
    else {
      const eq = line.indexOf('=');
      if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1);
      else env[line] = '';
    }
  }
  return env;
}

function display(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return envToText(value as Record<string, string>);
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';
}

/**
 * Preferences of one level (you, or a folder) with what each setting resolves to and where the
 * value comes from. Empty means "inherit"; Save sends only what changed.
 */
export function SettingsPanel(props: {
  folders: FolderOption[];
  folderId: string | null;
  onClose: () => void;
  notificationToggle: React.ReactNode;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [scope, setScope] = useState<string | null>(props.folderId);
  const own = useQuery(trpc.preferences.get.queryOptions({ folderId: scope }));
  const resolved = useQuery(trpc.preferences.resolve.queryOptions({ folderId: scope }));
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!own.data) return;
    const next: Record<string, string> = {};
    for (const field of FIELDS)
      next[field.key] = display((own.data.values as Record<string, unknown>)[field.key]);
    setDraft(next);
    setErrors({});
  }, [own.data]);
  const save = useMutation(
    trpc.preferences.set.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.preferences.pathKey() }),
    }),
  );

  const submit = (form: HTMLFormElement) => {
    if (!own.data) return;
    const values: Record<string, unknown> = {};
    const invalid: Record<string, string> = {};
    for (const field of FIELDS) {
      const before = display((own.data.values as Record<string, unknown>)[field.key]);
      const after = (draft[field.key] ?? '').trim();
      // A number input the browser cannot read ("1e") has the empty value: ask it, not the value.
      const input = form.elements.namedItem(field.key);
      const badInput = input instanceof HTMLInputElement && input.validity.badInput;
      const error = preferenceFieldError(field.key, field.label, after, badInput);
      if (error) invalid[field.key] = error;
      if (after === before.trim() && !badInput) continue;
      if (after === '') values[field.key] = null;
      else if (field.kind === 'number') values[field.key] = Number(after);
      else if (field.kind === 'bool') values[field.key] = after === 'on';
      else if (field.kind === 'env') values[field.key] = textToEnv(after);
      else values[field.key] = after;
    }
    setErrors(invalid);
    // One wrong field saves nothing: a half-applied form would be harder to understand.
    if (Object.keys(invalid).length > 0) return save.reset();
    save.mutate({ folderId: scope, values: values });
  };

  const sources = resolved.data?.sources as Record<string, string> | undefined;
  const effective = resolved.data?.values as Record<string, unknown> | undefined;
  const sourceLabel = (source: string | undefined) =>
    source?.startsWith('folder:')
      ? `folder ${props.folders.find((f) => `folder:${f.id}` === source)?.name ?? ''}`
      : (source ?? '');

  return (
    <PanelFrame title="Settings" onClose={props.onClose} testId="settings-panel">
      <label>
        Level
        <select value={scope ?? ''} onChange={(e) => setScope(e.target.value || null)}>
          <option value="">You (all folders)</option>
          {props.folders.map((f) => (
            <option key={f.id} value={f.id}>
              {'\u00a0\u00a0'.repeat(f.depth)}Folder: {f.name}
            </option>
          ))}
        </select>
      </label>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit(event.currentTarget);
        }}
      >
        <table className={styles.prefs}>
          <thead>
            <tr>
              <th>Setting</th>
              <th>This level</th>
              <th>Effective (from)</th>
            </tr>
          </thead>
          <tbody>
            {FIELDS.map((field) => {
              const value = draft[field.key] ?? '';
              const set = (v: string) => setDraft({ ...draft, [field.key]: v });
              const error = errors[field.key];
              const inputId = `pref-${field.key}`;
              const fieldProps = {
                id: inputId,
                name: field.key,
                'aria-invalid': error ? true : undefined,
                'aria-describedby': error ? `${inputId}-error` : undefined,
              };
              return (
                <tr key={field.key} data-pref={field.key}>
                  <td>
                    <label htmlFor={inputId}>{field.label}</label>
                  </td>
                  <td>
                    {field.key === 'theme' ? (
                      <select {...fieldProps} value={value} onChange={(e) => set(e.target.value)}>
                        <option value="">inherit</option>
                        {THEME_CHOICES.map((theme) => (
                          <option key={theme.name} value={theme.name}>
                            {theme.label}
                          </option>
                        ))}
                        {value && !THEME_CHOICES.some((theme) => theme.name === value) && (
                          <option value={value}>{value} (unknown: drawn as the default)</option>
                        )}
                      </select>
                    ) : field.kind === 'number' && isNumberPreference(field.key) ? (
                      <input
                        {...fieldProps}
                        className="mono"
                        type="number"
                        inputMode="numeric"
                        step={1}
                        min={NUMBER_PREFERENCE_RANGES[field.key].min}
                        max={NUMBER_PREFERENCE_RANGES[field.key].max}
                        value={value}
                        onChange={(e) => set(e.target.value)}
                        placeholder="inherit"
                      />
                    ) : field.kind === 'bool' ? (
                      <select
                        {...fieldProps}
                        value={value === 'true' ? 'on' : value === 'false' ? 'off' : value}
                        onChange={(e) => set(e.target.value)}
                      >
                        <option value="">inherit</option>
                        <option value="on">on</option>
                        <option value="off">off</option>
                      </select>
                    ) : field.kind === 'env' ? (
                      <textarea
                        {...fieldProps}
                        className="mono"
                        rows={3}
                        value={value}
                        onChange={(e) => set(e.target.value)}
                        placeholder="NAME=value, -NAME unsets"
                      />
                    ) : (
                      <input
                        {...fieldProps}
                        className="mono"
                        value={value}
                        onChange={(e) => set(e.target.value)}
                        placeholder="inherit"
                      />
                    )}
                    {error && (
                      <div id={`${inputId}-error`} className="error-text">
                        {error}
                      </div>
                    )}
                  </td>
                  <td>
                    <span className="mono">{display(effective?.[field.key]) || '—'}</span>
                    <br />
                    {sourceLabel(sources?.[field.key])}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className={styles.row} style={{ marginTop: 10 }}>
          <button type="submit" className="primary" disabled={save.isPending}>
            Save
          </button>
          {save.isSuccess && <span className="muted">saved</span>}
        </div>
        {Object.keys(errors).length > 0 && (
          <p className="error-text" role="alert">
            Nothing was saved: {Object.values(errors).join('; ')}.
          </p>
        )}
        {save.error && <p className="error-text">{errorMessage(save.error)}</p>}
      </form>
      <NotificationSettings inPageToggle={props.notificationToggle} />
      <HostSettings />
      <p className={styles.section}>Terminal (this browser)</p>
      <CopyOnSelectSetting />
      <p className={styles.section}>Keyboard shortcuts</p>
      <KeyTables />
      <AccountSettings />
    </PanelFrame>
  );
}
