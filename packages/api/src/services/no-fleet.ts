import { PreconditionError } from '../errors.ts';
import type { HostSessionsSource, HostsManager } from '../types.ts';

const refuse = (): never => {
  throw new PreconditionError('hosts are kept by rdv-server; these services run without one');
};

/** The fleet of services built outside the daemon (in-process tests): no hosts, none can be added. */
export const NO_FLEET: HostsManager = {
  list: async () => [],
  add: async () => refuse(),
  test: async () => refuse(),
  remove: async () => refuse(),
  health: () => [],
};

/** No fleet, no hosts' sessions. */
export const NO_HOST_SESSIONS: HostSessionsSource = { lists: async () => [] };
