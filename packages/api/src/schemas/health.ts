import { z } from 'zod';
import { hostHealthSchema } from './hosts.ts';

/** The daemon's health, as the design names the fields. */
export const healthStatusSchema = z.object({
  status: z.enum(['healthy', 'degraded']),
  version: z.string(),
  uptime_seconds: z.number().int().nonnegative(),
  components: z.object({ database: z.boolean(), tmux: z.boolean() }),
  /** tmux sessions on rdv's server that no session owns (`rdv session orphans`). */
  orphaned_tmux_sessions: z.array(z.string()),
  metrics: z.object({
    active_sessions: z.number().int().nonnegative(),
    websocket_connections: z.number().int().nonnegative(),
    pending_requests: z.number().int().nonnegative(),
  }),
  /** Each host of the fleet (`rdv host add`) and its connection's state. */
  hosts: z.array(hostHealthSchema),
});

export type HealthStatus = z.infer<typeof healthStatusSchema>;
