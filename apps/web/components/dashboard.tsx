'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { qualifiedSessionId, splitSessionKey } from '@rdv/contract';
import { buildTree, flattenTree, sidebarOrder, type FolderNode } from '../lib/folders';
import { clientOf, HostScope } from '../lib/host-scope';
import { tabClientId } from '../lib/client-id';
import { LiveStatusProvider, MachineLiveStatus } from '../lib/live-status';
import { setWatchedSession } from '../lib/notifications';
import { setTitleBase } from '../lib/page-title';
import { registerServiceWorker } from '../lib/service-worker';
import { shortcutFor } from '../lib/shortcuts';
import { useTRPC, useTRPCClient } from '../lib/trpc';
import type { Folder, Session } from '../lib/types';
import { Attention } from './attention';
import { ConnectionBanner } from './connection-banner';
import { DialogHost, type DialogState } from './dialogs/dialog-host';
import { ExitedSession } from './exited-session';
import { KeyboardHelp } from './keyboard-help';
import { NotificationToggle } from './notification-toggle';
import { PanelMenu } from './panel-menu';
import { SearchPalette, type MatchTarget } from './search-palette';
import { isMacPlatform } from './terminal/terminal-keys';
import type { RevealRequest } from './terminal/terminal-view';
import { OrchestratorsPanel } from './panels/orchestrators-panel';
import { RecordingsPanel } from './panels/recordings-panel';
import { SettingsPanel } from './panels/settings-panel';
import { TrashPanel } from './panels/trash-panel';
import { WorktreesPanel } from './panels/worktrees-panel';
import { Providers } from './providers';
import { ReviewPaneLoader } from './review/review-loader';
import { SessionTerminal } from './session-terminal';
import { Sidebar, type FleetGroup, type SidebarActions } from './sidebar/sidebar';
import { TabBar } from './tab-bar';
import styles from './dashboard.module.css';

/** Sessions and folders change from the CLI too: their lists are re-read this often (statuses are live). */
const SESSIONS_REFRESH_MS = 4_000;
const TABS_STORAGE_KEY = 'rdv.tabs';
const PANELS = ['worktrees', 'orchestrators', 'recordings', 'trash', 'settings'] as const;
type Panel = (typeof PANELS)[number];
const PANEL_LABELS: Record<Panel, string> = {
  worktrees: 'Worktrees',
  orchestrators: 'Orchestrators',
  recordings: 'Recordings',
  trash: 'Trash',
  settings: 'Settings',
};

export function Dashboard() {
  useEffect(registerServiceWorker, []);
  return (
    <Providers>
      <DashboardBody />
    </Providers>
  );
}

function readTabs(): { tabs: string[]; active: string | null } {
  try {
    const saved = JSON.parse(localStorage.getItem(TABS_STORAGE_KEY) ?? 'null') as {
      tabs?: unknown;
      active?: unknown;
    } | null;
    const tabs = Array.isArray(saved?.tabs)
      ? saved.tabs.filter((t): t is string => typeof t === 'string')
      : [];
    const active =
      typeof saved?.active === 'string' && tabs.includes(saved.active)
        ? saved.active
        : (tabs[0] ?? null);
    return { tabs, active };
  } catch {
    return { tabs: [], active: null };
  }
}

function hashSession(): string | null {
  // A host's session is `#session=gpu:3f2a…`.
  const match = /^#session=((?:[a-z0-9][a-z0-9-]{0,31}:)?[A-Za-z0-9_-]{1,64})$/.exec(location.hash);
  return match?.[1] ?? null;
}

/** A magnifying glass, drawn in the text colour. */
function SearchIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <circle cx="6.5" cy="6.5" r="4.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
      <line
        x1="10"
        y1="10"
        x2="14.5"
        y2="14.5"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
      />
    </svg>
  );
}

/** The folders below `folderId` in `roots`, and itself. */
function descendantsIn(roots: FolderNode[], folderId: string): Set<string> {
  const out = new Set<string>([folderId]);
  const walk = (list: FolderNode[], inside: boolean) => {
    for (const node of list) {
      const hit = inside || node.folder.id === folderId;
      if (hit) out.add(node.folder.id);
      walk(node.children, hit);
    }
  };
  walk(roots, false);
  return out;
}

function DashboardBody() {
  const trpc = useTRPC();
  const homeClient = useTRPCClient();
  const queryClient = useQueryClient();
  const [clientId] = useState(tabClientId);

  const sessionsQuery = useQuery({
    ...trpc.sessions.list.queryOptions({ status: ['active', 'suspended', 'exited'] }),
    refetchInterval: SESSIONS_REFRESH_MS,
  });
  const foldersQuery = useQuery({
    ...trpc.folders.list.queryOptions(),
    refetchInterval: SESSIONS_REFRESH_MS,
  });
  const me = useQuery({ ...trpc.me.get.queryOptions(), staleTime: Infinity });
  // The fleet: each host's sessions and folders, live or last known (the home daemon keeps them).
  const fleetQuery = useQuery({
    ...trpc.hosts.sessions.queryOptions(),
    refetchInterval: SESSIONS_REFRESH_MS,
  });
  const sessions = useMemo(() => sessionsQuery.data ?? [], [sessionsQuery.data]);
  const folders = useMemo(() => foldersQuery.data ?? [], [foldersQuery.data]);
  const fleet = useMemo(
    () =>
      (fleetQuery.data ?? []).map((host) => ({
        ...host,
        ...buildTree(host.folders, host.sessions),
      })),
    [fleetQuery.data],
  );
  const hostByName = useMemo(() => new Map(fleet.map((host) => [host.name, host])), [fleet]);
  /** Every session by its dashboard key: its id here, `host:id` on a host of the fleet. */
  const sessionById = useMemo(() => {
    const map = new Map<string, Session>(sessions.map((s) => [s.id, s]));
    for (const host of fleet)
      for (const s of host.sessions) map.set(qualifiedSessionId(host.name, s.id), s);
    return map;
  }, [sessions, fleet]);
  const { roots, loose } = useMemo(() => buildTree(folders, sessions), [folders, sessions]);
  const folderOptions = useMemo(() => flattenTree(roots), [roots]);
  /** Whether `host`'s calls can go through now (this machine's always may). */
  const hostLive = useCallback(
    (host: string | null) => host === null || hostByName.get(host)?.live === true,
    [hostByName],
  );

  const [{ tabs, active }, setTabState] = useState(() => {
    const saved = readTabs();
    const fromHash = hashSession();
    if (fromHash)
      return {
        tabs: saved.tabs.includes(fromHash) ? saved.tabs : [...saved.tabs, fromHash],
        active: fromHash,
      };
    return saved;
  });
  // The tabs this page started with (saved, or from the link); only these may be stale.
  const restored = useRef<ReadonlySet<string>>(new Set(tabs));
  /** Tabs that have been shown once: a terminal attaches when first seen, then stays attached. */
  const [mounted, setMounted] = useState<ReadonlySet<string>>(
    () => new Set(active ? [active] : []),
  );
  const [sidebarOpen, setSidebarOpen] = useState(
    () => window.matchMedia('(min-width: 760px)').matches,
  );
  const [panel, setPanel] = useState<Panel | null>(null);
  /** The diff view of the active session, beside its terminal (over it on a phone). */
  const [reviewOpen, setReviewOpen] = useState(false);
  const [selectedFolderId, setSelectedFolderId] = useState<string | null>(null);
  /** The machine new sessions and the panels use: the one whose folder or heading was picked last. */
  const [focusHost, setFocusHost] = useState<string | null>(null);
  const [dialog, setDialog] = useState<(DialogState & { host: string | null }) | null>(null);
  const openDialog = useCallback(
    (state: DialogState, host: string | null) => setDialog({ ...state, host }),
    [],
  );
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [reveal, setReveal] = useState<(RevealRequest & { sessionId: string }) | null>(null);
  const mainRef = useRef<HTMLDivElement>(null);
  const narrow = () => !window.matchMedia('(min-width: 760px)').matches;

  const openSession = useCallback((id: string) => {
    setTabState((prev) => ({
      tabs: prev.tabs.includes(id) ? prev.tabs : [...prev.tabs, id],
      active: id,
    }));
    setMounted((prev) => (prev.has(id) ? prev : new Set(prev).add(id)));
    if (narrow()) setSidebarOpen(false);
  }, []);

  const closeTab = useCallback((id: string) => {
    setTabState((prev) => {
      const index = prev.tabs.indexOf(id);
      const rest = prev.tabs.filter((t) => t !== id);
      const nextActive =
        prev.active === id ? (rest[Math.min(index, rest.length - 1)] ?? null) : prev.active;
      return { tabs: rest, active: nextActive };
    });
    setMounted((prev) => {
      const next = new Set(prev);
      next.delete(id);
      return next;
    });
  }, []);

  /** The hash this page last wrote: any other one is a link followed since. */
  const writtenHash = useRef<string | null>(null);
  useEffect(() => {
    // A link followed since the hash was last written wins over the tab state: its hashchange
    // event is queued, and writing the active tab's hash first would erase it before it is read.
    const linked = hashSession();
    if (linked && linked !== active && location.hash !== writtenHash.current) {
      openSession(linked);
      return;
    }
    if (active) setMounted((prev) => (prev.has(active) ? prev : new Set(prev).add(active)));
    localStorage.setItem(TABS_STORAGE_KEY, JSON.stringify({ tabs, active }));
    setWatchedSession(active);
    const hash = active ? `#session=${active}` : '';
    if (location.hash !== hash)
      history.replaceState(null, '', `${location.pathname}${location.search}${hash}`);
    writtenHash.current = hash;
    const name = active ? sessionById.get(active)?.name : undefined;
    setTitleBase(name ? `${name} · rdv` : 'rdv');
  }, [tabs, active, sessionById, openSession]);

  // Tabs restored from a previous visit whose session is gone: drop them once the list is known.
  // A tab opened since may be newer than that first list, so it is never dropped here. Only
  // lists asked for since these tabs were read count: a list cached from before (this page's
  // tab state can start again over a warm query cache) may predate a session just linked to.
  const pruned = useRef(false);
  const tabsReadAt = useRef(Date.now());
  const fleetKnown =
    Math.max(fleetQuery.dataUpdatedAt, fleetQuery.errorUpdatedAt) >= tabsReadAt.current;
  const sessionsKnown = sessionsQuery.isSuccess && sessionsQuery.dataUpdatedAt >= tabsReadAt.current;
  useEffect(() => {
    if (pruned.current || !sessionsKnown || !fleetKnown) return;
    pruned.current = true;
    setTabState((prev) => {
      const tabs = prev.tabs.filter((id) => sessionById.has(id) || !restored.current.has(id));
      return {
        tabs,
        active: prev.active && tabs.includes(prev.active) ? prev.active : (tabs[0] ?? null),
      };
    });
  }, [sessionsKnown, fleetKnown, sessionById]);

  useEffect(() => {
    const onHash = () => {
      const id = hashSession();
      if (id) openSession(id);
    };
    window.addEventListener('hashchange', onHash);
    // A link followed between the first render (which read the hash) and this effect fired its
    // hashchange with nobody listening: look once more now.
    onHash();
    return () => window.removeEventListener('hashchange', onHash);
  }, [openSession]);

  /** Alt+Up/Down's order: this machine's sidebar, then each reachable host's. */
  const ordered = useMemo(
    () => [
      ...sidebarOrder(roots, loose).map((s) => s.id),
      ...fleet.flatMap((host) =>
        host.live
          ? sidebarOrder(host.roots, host.loose).map((s) => qualifiedSessionId(host.name, s.id))
          : [],
      ),
    ],
    [roots, loose, fleet],
  );
  useEffect(() => {
    const mac = isMacPlatform(navigator.userAgent);
    const onKey = (event: KeyboardEvent) => {
      const action = shortcutFor(event, mac);
      if (!action) return;
      event.preventDefault();
      switch (action.kind) {
        case 'tab': {
          const id = tabs[action.index];
          if (id) openSession(id);
          return;
        }
        case 'prevTab':
        case 'nextTab': {
          if (!tabs.length) return;
          const at = active ? tabs.indexOf(active) : 0;
          const step = action.kind === 'nextTab' ? 1 : -1;
          const id = tabs[(at + step + tabs.length) % tabs.length];
          if (id) openSession(id);
          return;
        }
        case 'prevSession':
        case 'nextSession': {
          if (!ordered.length) return;
          const at = active ? ordered.indexOf(active) : -1;
          const step = action.kind === 'nextSession' ? 1 : -1;
          const next = ordered[at < 0 ? 0 : (at + step + ordered.length) % ordered.length];
          if (next) openSession(next);
          return;
        }
        case 'newSession':
          openDialog({ kind: 'create', folderId: selectedFolderId }, focusHost);
          return;
        case 'closeTab':
          if (active) closeTab(active);
          return;
        case 'toggleSidebar':
          setSidebarOpen((open) => !open);
          return;
        case 'toggleReview':
          setReviewOpen((open) => !open);
          return;
        case 'search':
          setPaletteOpen(true);
          return;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [tabs, active, ordered, openSession, closeTab, selectedFolderId, focusHost, openDialog]);

  /** After a change on any machine: this machine's lists and the hosts' are read again. */
  const refreshLists = useCallback(
    () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.sessions.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.folders.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.hosts.sessions.queryKey() }),
      ]),
    [queryClient, trpc],
  );
  const lifecycle = useMutation({
    mutationFn: (run: () => Promise<unknown>) => run(),
    onSettled: refreshLists,
  });
  /** The sidebar's actions on `host`'s sessions and folders (null: this machine's). */
  const actionsFor = (host: string | null): SidebarActions => {
    const client = clientOf(host, homeClient);
    const keyOf = (session: Session) => qualifiedSessionId(host, session.id);
    return {
      openSession: (session) => openSession(keyOf(session)),
      reviewSession: (session) => {
        openSession(keyOf(session));
        setReviewOpen(true);
      },
      newSession: (folderId) => openDialog({ kind: 'create', folderId }, host),
      renameSession: (session) => openDialog({ kind: 'renameSession', session }, host),
      moveSession: (session) => openDialog({ kind: 'moveSession', session }, host),
      suspendSession: (session) =>
        lifecycle.mutate(() => client.sessions.suspend.mutate({ id: session.id })),
      resumeSession: (session) =>
        lifecycle.mutate(() => client.sessions.resume.mutate({ id: session.id })),
      closeSession: (session) => openDialog({ kind: 'closeSession', session }, host),
      downloadFile: (session) => openDialog({ kind: 'downloadFile', session }, host),
      shareSession: (session) => openDialog({ kind: 'shareSession', session }, host),
      selectFolder: (folder: Folder | null) => {
        setFocusHost(host);
        setSelectedFolderId(folder?.id ?? null);
      },
      newFolder: (parentId) => openDialog({ kind: 'newFolder', parentId }, host),
      renameFolder: (folder) => openDialog({ kind: 'renameFolder', folder }, host),
      moveFolder: (folder) => openDialog({ kind: 'moveFolder', folder }, host),
      deleteFolder: (folder) => openDialog({ kind: 'deleteFolder', folder }, host),
      toggleFolder: (folder) =>
        lifecycle.mutate(() =>
          client.folders.update.mutate({ id: folder.id, collapsed: !folder.collapsed }),
        ),
    };
  };
  const actions = actionsFor(null);
  const activeKey = active ? splitSessionKey(active) : null;
  const fleetGroups: FleetGroup[] = fleet.map((host) => ({
    name: host.name,
    state: host.state,
    reason: host.reason,
    live: host.live,
    roots: host.roots,
    loose: host.loose,
    activeSessionId: activeKey?.host === host.name ? activeKey.id : null,
    selectedFolderId: focusHost === host.name ? selectedFolderId : null,
    actions: actionsFor(host.name),
  }));
  /** The folders (tree) of `host`: this machine's, or a host's as last listed. */
  const rootsOf = (host: string | null) =>
    host === null ? roots : (hostByName.get(host)?.roots ?? []);
  const focusFolderOptions = focusHost === null ? folderOptions : flattenTree(rootsOf(focusHost));

  /** A new session's size: the active terminal's, else what fits the terminal area. */
  const newSessionSize = () => {
    const term = active ? window.__rdv?.terminals.get(active)?.term : undefined;
    if (term) return { cols: term.cols, rows: term.rows };
    const box = mainRef.current;
    const cols = box ? Math.floor((box.clientWidth - 12) / 8.4) : 120;
    const rows = box ? Math.floor((box.clientHeight - 40) / 17) : 32;
    return { cols: Math.max(20, Math.min(cols, 400)), rows: Math.max(8, Math.min(rows, 200)) };
  };

  /**
   * A text match from the palette: its session opens, scrolled to the line. A recording's match
   * of a session that is no longer open has no terminal to scroll: the Recordings panel opens.
   */
  const openMatch = ({ match, query, regex, caseSensitive }: MatchTarget) => {
    if (!sessionById.has(match.sessionId)) {
      setPanel('recordings');
      return;
    }
    openSession(match.sessionId);
    setReveal((previous) => ({
      sessionId: match.sessionId,
      seq: (previous?.seq ?? 0) + 1,
      query,
      regex,
      caseSensitive,
      ...(match.source === 'scrollback' && match.fromEnd !== undefined
        ? { fromEnd: match.fromEnd }
        : {}),
    }));
  };

  const sessionName = useCallback(
    (id: string) => sessionById.get(id)?.name ?? 'a session',
    [sessionById],
  );
  /** What the palette searches: every machine's sessions and folders, a host's ids qualified. */
  const paletteSessions = useMemo(
    () => [
      ...sessions,
      ...fleet.flatMap((host) =>
        host.live
          ? host.sessions.map((s) => ({ ...s, id: qualifiedSessionId(host.name, s.id) }))
          : [],
      ),
    ],
    [sessions, fleet],
  );
  const paletteFolders = useMemo(
    () => [
      ...folders,
      ...fleet.flatMap((host) =>
        host.live
          ? host.folders.map((f) => ({
              ...f,
              id: qualifiedSessionId(host.name, f.id),
              parentId: f.parentId === null ? null : qualifiedSessionId(host.name, f.parentId),
            }))
          : [],
      ),
    ],
    [folders, fleet],
  );
  const liveHosts = useMemo(() => fleet.filter((h) => h.live).map((h) => h.name), [fleet]);
  const notificationToggle = <NotificationToggle />;

  return (
    <LiveStatusProvider sessionName={sessionName} hosts={liveHosts}>
      <Attention sessions={sessionById} />
      <div
        className={styles.app}
        data-sidebar={sidebarOpen}
        data-panel={panel ?? 'none'}
        data-review={reviewOpen}
      >
        <header className={styles.header}>
          <button
            className={styles.iconButton}
            aria-label="Toggle sidebar (Alt+B)"
            onClick={() => setSidebarOpen(!sidebarOpen)}
          >
            ☰
          </button>
          <span className={styles.brand}>rdv</span>
          <button
            className={styles.iconButton}
            aria-label={`Search (${isMacPlatform(navigator.userAgent) ? 'Cmd' : 'Ctrl'}+K)`}
            title="Search sessions, folders and output"
            onClick={() => setPaletteOpen(true)}
          >
            <SearchIcon />
          </button>
          <TabBar
            tabs={tabs}
            active={active}
            sessions={sessionById}
            onSelect={openSession}
            onClose={closeTab}
          />
          <button
            className={styles.reviewButton}
            aria-pressed={reviewOpen}
            title="The active session's changes: diff, comments to the agent, commit and push (Alt+G)"
            onClick={() => setReviewOpen(!reviewOpen)}
          >
            Changes
          </button>
          <nav className={styles.panelButtons} aria-label="Panels">
            {PANELS.map((p) => (
              <button
                key={p}
                data-active={panel === p}
                onClick={() => setPanel(panel === p ? null : p)}
              >
                {PANEL_LABELS[p]}
              </button>
            ))}
          </nav>
          <PanelMenu
            panels={PANELS}
            labels={PANEL_LABELS}
            active={panel}
            onSelect={(p) => setPanel(panel === p ? null : p)}
          />
          <span className={styles.user} title={me.data?.user.email ?? me.data?.user.username}>
            {me.data?.user.displayName ?? me.data?.user.username ?? ''}
          </span>
        </header>

        {sidebarOpen && (
          <>
            <div className={styles.scrim} onClick={() => setSidebarOpen(false)} />
            <aside className={styles.sidebar}>
              <Sidebar
                roots={roots}
                loose={loose}
                activeSessionId={active}
                selectedFolderId={focusHost === null ? selectedFolderId : null}
                actions={actions}
                fleet={fleetGroups}
                focusHost={focusHost}
                onNewSession={() =>
                  openDialog({ kind: 'create', folderId: selectedFolderId }, focusHost)
                }
                onNewFolder={() =>
                  openDialog({ kind: 'newFolder', parentId: selectedFolderId }, focusHost)
                }
              />
            </aside>
          </>
        )}

        <main className={styles.main} ref={mainRef}>
          <ConnectionBanner error={sessionsQuery.error} />
          {lifecycle.error && <div className={styles.offline}>{lifecycle.error.message}</div>}
          {tabs.length === 0 && (
            <div className={styles.empty}>
              <p>No terminal open.</p>
              <button
                className="primary"
                onClick={() =>
                  openDialog({ kind: 'create', folderId: selectedFolderId }, focusHost)
                }
              >
                New session (Alt+N)
              </button>
            </div>
          )}
          {tabs
            .filter((key) => mounted.has(key))
            .map((key) => {
              const { host, id } = splitSessionKey(key);
              const session = sessionById.get(key);
              if (!hostLive(host))
                // Its host is away: the tab stays, and its terminal attaches again when the host is back.
                return (
                  <div
                    key={`${key}-unreachable`}
                    className={styles.empty}
                    hidden={key !== active}
                    data-session={key}
                    data-state="unreachable"
                  >
                    <p>
                      “{session?.name ?? key}” is on {host}, which is{' '}
                      {hostByName.get(host ?? '')?.state.replace('_', ' ') ?? 'not a known host'}
                      {hostByName.get(host ?? '')?.reason
                        ? `: ${hostByName.get(host ?? '')?.reason}`
                        : ''}
                      . It comes back here when {host} does.
                    </p>
                  </div>
                );
              const client = clientOf(host, homeClient);
              const resume = () => lifecycle.mutate(() => client.sessions.resume.mutate({ id }));
              return session?.status === 'exited' ? (
                <HostScope key={`${key}-exited`} host={host}>
                  <ExitedSession
                    session={session}
                    active={key === active}
                    onClosed={() => {
                      closeTab(key);
                      void refreshLists();
                    }}
                  />
                </HostScope>
              ) : session?.status === 'suspended' ? (
                // Suspended: nothing to attach to until it is resumed (then a fresh terminal attaches).
                <div
                  key={`${key}-suspended`}
                  className={styles.empty}
                  hidden={key !== active}
                  data-session={key}
                  data-state="suspended"
                >
                  <p>
                    “{session.name}” is suspended: its processes keep running, nobody is attached.
                  </p>
                  <button className="primary" onClick={resume}>
                    Resume
                  </button>
                </div>
              ) : (
                <HostScope key={key} host={host}>
                  <SessionTerminal
                    sessionId={id}
                    folderId={session?.folderId ?? null}
                    clientId={clientId}
                    active={key === active}
                    onResume={resume}
                    onExit={() => void refreshLists()}
                    reveal={reveal?.sessionId === key ? reveal : null}
                  />
                </HostScope>
              );
            })}
        </main>

        {reviewOpen && (
          <section className={styles.review} aria-label="Changes">
            {active && sessionById.get(active) && hostLive(activeKey?.host ?? null) ? (
              <HostScope host={activeKey?.host ?? null}>
                <ReviewPaneLoader
                  session={sessionById.get(active)!}
                  onClose={() => setReviewOpen(false)}
                />
              </HostScope>
            ) : (
              <div className={styles.empty}>
                <p>Open a session to see the changes in its folder.</p>
                <button onClick={() => setReviewOpen(false)}>Close</button>
              </div>
            )}
          </section>
        )}

        {panel && (
          <aside className={styles.panel}>
            {/* Settings are this machine's; the other panels show the machine picked in the sidebar. */}
            <HostScope host={panel === 'settings' ? null : focusHost}>
              {focusHost !== null && panel !== 'settings' && (
                <p className={styles.panelHost} data-testid="panel-host">
                  On {focusHost}
                </p>
              )}
              {panel === 'worktrees' && (
                <WorktreesPanel
                  key={`${focusHost ?? ''}:${selectedFolderId ?? 'user'}`}
                  folderId={selectedFolderId}
                  onClose={() => setPanel(null)}
                  onOpenHere={(cwd) => {
                    const client = clientOf(focusHost, homeClient);
                    lifecycle.mutate(async () => {
                      const session = await client.sessions.create.mutate({
                        kind: 'shell',
                        cwd,
                        folderId: selectedFolderId,
                        ...newSessionSize(),
                      });
                      openSession(qualifiedSessionId(focusHost, session.id));
                    });
                  }}
                />
              )}
              {panel === 'orchestrators' && (
                // The insights of the machine it shows, with that machine's own ids.
                <MachineLiveStatus host={focusHost}>
                  <OrchestratorsPanel
                    folders={focusFolderOptions}
                    folderId={selectedFolderId}
                    sessionName={(id) => sessionName(qualifiedSessionId(focusHost, id))}
                    onOpenSession={(id) => openSession(qualifiedSessionId(focusHost, id))}
                    onClose={() => setPanel(null)}
                  />
                </MachineLiveStatus>
              )}
              {panel === 'recordings' && (
                <RecordingsPanel
                  activeSessionId={activeKey && activeKey.host === focusHost ? activeKey.id : null}
                  activeSessionName={(active && sessionById.get(active)?.name) || null}
                  onClose={() => setPanel(null)}
                />
              )}
              {panel === 'trash' && <TrashPanel onClose={() => setPanel(null)} />}
              {panel === 'settings' && (
                <SettingsPanel
                  folders={folderOptions}
                  folderId={focusHost === null ? selectedFolderId : null}
                  onClose={() => setPanel(null)}
                  notificationToggle={notificationToggle}
                />
              )}
            </HostScope>
          </aside>
        )}

        {dialog && (
          <HostScope host={dialog.host}>
            <DialogHost
              dialog={dialog}
              folders={dialog.host === null ? folderOptions : flattenTree(rootsOf(dialog.host))}
              descendants={(folderId) => descendantsIn(rootsOf(dialog.host), folderId)}
              size={newSessionSize()}
              onClose={() => {
                setDialog(null);
                void refreshLists();
              }}
              onSessionCreated={(session: Session) =>
                openSession(qualifiedSessionId(dialog.host, session.id))
              }
            />
          </HostScope>
        )}
        {paletteOpen && (
          <SearchPalette
            sessions={paletteSessions}
            folders={paletteFolders}
            hosts={liveHosts}
            onClose={() => setPaletteOpen(false)}
            onOpenSession={(session) => openSession(session.id)}
            onOpenFolder={(folder) => {
              const { host, id } = splitSessionKey(folder.id);
              setFocusHost(host);
              setSelectedFolderId(id);
              setSidebarOpen(true);
            }}
            onOpenMatch={openMatch}
          />
        )}
        <KeyboardHelp />
      </div>
    </LiveStatusProvider>
  );
}
