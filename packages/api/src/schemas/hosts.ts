import { HOST_NAME_PATTERN, HOST_NAME_RULE } from '@rdv/contract';
import { z } from 'zod';

/** A host's name in rdv: short, lower-case, safe in a file name and a host-qualified id (`gpu:3f2a`). */
export const hostNameSchema = z.string().regex(HOST_NAME_PATTERN, HOST_NAME_RULE);

/**
 * What `ssh` is given as the destination: `user@host`, an alias of ~/.ssh/config, `ssh://user@host:port`.
 * Never an option (a leading dash), never whitespace or control characters.
 */
export const hostDestinationSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(
    /^[^-\s][^\s]*$/,
    'a destination is what ssh accepts (user@host, an alias): no leading dash, no spaces',
  )
  // eslint-disable-next-line no-control-regex -- control characters are what we refuse
  .refine((value) => !/[\x00-\x1f\x7f]/.test(value), 'a destination has no control characters');

/** One `ssh -o` option, `Key=value` (`Port=2222`, `ProxyJump=bastion`). */
export const sshOptionSchema = z
  .string()
  .max(1024)
  .regex(/^[A-Za-z][A-Za-z0-9]*=[^\s=][^\n\r]*$/, 'an ssh option is Key=value, e.g. Port=2222')
  // Host keys are ssh's to check, against the user's known_hosts: rdv never turns that off.
  .refine(
    (option) => !/^StrictHostKeyChecking=(no|off|accept-new)$/i.test(option),
    'rdv never accepts host keys unchecked: add the key to known_hosts (ssh once by hand) instead',
  );

export const hostAddInput = z.object({
  name: hostNameSchema,
  destination: hostDestinationSchema,
  sshOptions: z.array(sshOptionSchema).max(32).default([]),
});

export const hostNameInput = z.object({ name: hostNameSchema });

/** Where a host's connection is; `reason` says why when it is not connected. */
export const hostStateSchema = z.enum([
  'connecting',
  'connected',
  'unreachable',
  'rdv_missing',
  'token_refused',
]);

export const hostSummarySchema = z.object({
  name: hostNameSchema,
  destination: z.string(),
  sshOptions: z.array(z.string()),
  addedAt: z.string(),
  state: hostStateSchema,
  /** ssh's or the remote's own words when the host is not connected. */
  reason: z.string().nullable(),
  /** The remote rdv-server's version and live sessions, when connected. */
  version: z.string().nullable(),
  activeSessions: z.number().int().nonnegative().nullable(),
  /** When the state last changed. */
  since: z.string(),
});

/** What `health` says of each host: its state, nothing about how it is reached. */
export const hostHealthSchema = z.object({
  name: hostNameSchema,
  state: hostStateSchema,
  reason: z.string().nullable(),
});

export type HostAddInput = z.infer<typeof hostAddInput>;
export type HostState = z.infer<typeof hostStateSchema>;
export type HostSummary = z.infer<typeof hostSummarySchema>;
export type HostHealth = z.infer<typeof hostHealthSchema>;
