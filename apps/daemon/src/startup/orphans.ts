import type { PrismaClient } from '@rdv/db';
import { Tmux } from '@rdv/terminal';

/**
 * tmux sessions on rdv's server that no live or exited session row owns (an exited session keeps
 * its dead pane): left behind by a crash between creating a tmux session and writing its row, or
 * by rows removed while the daemon was down.
 */
export async function findOrphanSessions(db: PrismaClient, tmux: Tmux): Promise<string[]> {
  const panes = await tmux.listSessions();
  const names = [...new Set(panes.map((pane) => pane.name))].filter((name) => Tmux.isRdvSessionName(name));
  if (names.length === 0) return [];
  const owned = await db.session.findMany({
    where: { tmuxName: { in: names }, status: { in: ['active', 'suspended', 'exited'] } },
    select: { tmuxName: true },
  });
  const ownedNames = new Set(owned.map((row) => row.tmuxName));
  return names.filter((name) => !ownedNames.has(name));
}
