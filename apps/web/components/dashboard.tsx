'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { buildTree, flattenTree, sidebarOrder, type FolderNode } from '../lib/folders';
import { tabClientId } from '../lib/client-id';
import { LiveStatusProvider } from '../lib/live-status';
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
import { Sidebar, type SidebarActions } from './sidebar/sidebar';
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
  const match = /^#session=([A-Za-z0-9_-]{1,64})$/.exec(location.hash);
  return match?.[1] ?? null;
}

/** A magnifying glass, drawn in the text colour. */
function SearchIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <circle cx="6.5" cy="6.5" r="4.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
      <line x1="10" y1="10" x2="14.5" y2="14.5" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  );
}

function DashboardBody() {
  const trpc = useTRPC();
  const client = useTRPCClient();
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
  const sessions = useMemo(() => sessionsQuery.data ?? [], [sessionsQuery.data]);
  const folders = useMemo(() => foldersQuery.data ?? [], [foldersQuery.data]);
  const sessionById = useMemo(() => new Map(sessions.map((s) => [s.id, s])), [sessions]);
  const { roots, loose } = useMemo(() => buildTree(folders, sessions), [folders, sessions]);
  const folderOptions = useMemo(() => flattenTree(roots), [roots]);

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
  const [dialog, setDialog] = useState<DialogState | null>(null);
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

  useEffect(() => {
    if (active) setMounted((prev) => (prev.has(active) ? prev : new Set(prev).add(active)));
    localStorage.setItem(TABS_STORAGE_KEY, JSON.stringify({ tabs, active }));
    setWatchedSession(active);
    const hash = active ? `#session=${active}` : '';
    if (location.hash !== hash)
      history.replaceState(null, '', `${location.pathname}${location.search}${hash}`);
    const name = active ? sessionById.get(active)?.name : undefined;
    setTitleBase(name ? `${name} · rdv` : 'rdv');
  }, [tabs, active, sessionById]);

  // Tabs restored from a previous visit whose session is gone: drop them once the list is known.
  // A tab opened since may be newer than that first list, so it is never dropped here.
  const pruned = useRef(false);
  useEffect(() => {
    if (pruned.current || !sessionsQuery.isSuccess) return;
    pruned.current = true;
    setTabState((prev) => {
      const tabs = prev.tabs.filter((id) => sessionById.has(id) || !restored.current.has(id));
      return {
        tabs,
        active: prev.active && tabs.includes(prev.active) ? prev.active : (tabs[0] ?? null),
      };
    });
  }, [sessionsQuery.isSuccess, sessionById]);

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

  const ordered = useMemo(() => sidebarOrder(roots, loose), [roots, loose]);
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
          const at = ordered.findIndex((s) => s.id === active);
          const step = action.kind === 'nextSession' ? 1 : -1;
          const next = ordered[at < 0 ? 0 : (at + step + ordered.length) % ordered.length];
          if (next) openSession(next.id);
          return;
        }
        case 'newSession':
          setDialog({ kind: 'create', folderId: selectedFolderId });
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
  }, [tabs, active, ordered, openSession, closeTab, selectedFolderId]);

  const lifecycle = useMutation({
    mutationFn: (run: () => Promise<unknown>) => run(),
    onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.sessions.pathKey() }),
  });
  const actions: SidebarActions = {
    openSession: (session) => openSession(session.id),
    reviewSession: (session) => {
      openSession(session.id);
      setReviewOpen(true);
    },
    newSession: (folderId) => setDialog({ kind: 'create', folderId }),
    renameSession: (session) => setDialog({ kind: 'renameSession', session }),
    moveSession: (session) => setDialog({ kind: 'moveSession', session }),
    suspendSession: (session) =>
      lifecycle.mutate(() => client.sessions.suspend.mutate({ id: session.id })),
    resumeSession: (session) =>
      lifecycle.mutate(() => client.sessions.resume.mutate({ id: session.id })),
    closeSession: (session) => setDialog({ kind: 'closeSession', session }),
    downloadFile: (session) => setDialog({ kind: 'downloadFile', session }),
    shareSession: (session) => setDialog({ kind: 'shareSession', session }),
    selectFolder: (folder: Folder | null) => setSelectedFolderId(folder?.id ?? null),
    newFolder: (parentId) => setDialog({ kind: 'newFolder', parentId }),
    renameFolder: (folder) => setDialog({ kind: 'renameFolder', folder }),
    moveFolder: (folder) => setDialog({ kind: 'moveFolder', folder }),
    deleteFolder: (folder) => setDialog({ kind: 'deleteFolder', folder }),
    toggleFolder: (folder) =>
      lifecycle.mutate(async () => {
        await client.folders.update.mutate({ id: folder.id, collapsed: !folder.collapsed });
        await queryClient.invalidateQueries({ queryKey: trpc.folders.pathKey() });
      }),
  };

  const descendants = useCallback(
    (folderId: string) => {
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
    },
    [roots],
  );

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
      ...(match.source === 'scrollback' && match.fromEnd !== undefined ? { fromEnd: match.fromEnd } : {}),
    }));
  };

  const sessionName = useCallback(
    (id: string) => sessionById.get(id)?.name ?? 'a session',
    [sessionById],
  );
  const notificationToggle = <NotificationToggle />;

  return (
    <LiveStatusProvider sessionName={sessionName}>
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
                selectedFolderId={selectedFolderId}
                actions={actions}
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
                onClick={() => setDialog({ kind: 'create', folderId: selectedFolderId })}
              >
                New session (Alt+N)
              </button>
            </div>
          )}
          {tabs
            .filter((id) => mounted.has(id))
            .map((id) =>
              sessionById.get(id)?.status === 'exited' ? (
                <ExitedSession
                  key={`${id}-exited`}
                  session={sessionById.get(id)!}
                  active={id === active}
                  onClosed={() => closeTab(id)}
                />
              ) : sessionById.get(id)?.status === 'suspended' ? (
                // Suspended: nothing to attach to until it is resumed (then a fresh terminal attaches).
                <div
                  key={`${id}-suspended`}
                  className={styles.empty}
                  hidden={id !== active}
                  data-session={id}
                  data-state="suspended"
                >
                  <p>
                    “{sessionById.get(id)?.name}” is suspended: its processes keep running, nobody
                    is attached.
                  </p>
                  <button
                    className="primary"
                    onClick={() => lifecycle.mutate(() => client.sessions.resume.mutate({ id }))}
                  >
                    Resume
                  </button>
                </div>
              ) : (
                <SessionTerminal
                  key={id}
                  sessionId={id}
                  folderId={sessionById.get(id)?.folderId ?? null}
                  clientId={clientId}
                  active={id === active}
                  onResume={() => lifecycle.mutate(() => client.sessions.resume.mutate({ id }))}
                  onExit={() =>
                    void queryClient.invalidateQueries({ queryKey: trpc.sessions.pathKey() })
                  }
                  reveal={reveal?.sessionId === id ? reveal : null}
                />
              ),
            )}
        </main>

        {reviewOpen && (
          <section className={styles.review} aria-label="Changes">
            {active && sessionById.get(active) ? (
              <ReviewPaneLoader
                session={sessionById.get(active)!}
                onClose={() => setReviewOpen(false)}
              />
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
            {panel === 'worktrees' && (
              <WorktreesPanel
                key={selectedFolderId ?? 'user'}
                folderId={selectedFolderId}
                onClose={() => setPanel(null)}
                onOpenHere={(cwd) =>
                  lifecycle.mutate(async () => {
                    const session = await client.sessions.create.mutate({
                      kind: 'shell',
                      cwd,
                      folderId: selectedFolderId,
                      ...newSessionSize(),
                    });
                    openSession(session.id);
                  })
                }
              />
            )}
            {panel === 'orchestrators' && (
              <OrchestratorsPanel
                folders={folderOptions}
                folderId={selectedFolderId}
                sessionName={sessionName}
                onOpenSession={openSession}
                onClose={() => setPanel(null)}
              />
            )}
            {panel === 'recordings' && (
              <RecordingsPanel
                activeSessionId={active}
                activeSessionName={(active && sessionById.get(active)?.name) || null}
                onClose={() => setPanel(null)}
              />
            )}
            {panel === 'trash' && <TrashPanel onClose={() => setPanel(null)} />}
            {panel === 'settings' && (
              <SettingsPanel
                folders={folderOptions}
                folderId={selectedFolderId}
                onClose={() => setPanel(null)}
                notificationToggle={notificationToggle}
              />
            )}
          </aside>
        )}

        {dialog && (
          <DialogHost
            dialog={dialog}
            folders={folderOptions}
            descendants={descendants}
            size={newSessionSize()}
            onClose={() => setDialog(null)}
            onSessionCreated={(session: Session) => openSession(session.id)}
          />
        )}
        {paletteOpen && (
          <SearchPalette
            sessions={sessions}
            folders={folders}
            onClose={() => setPaletteOpen(false)}
            onOpenSession={(session) => openSession(session.id)}
            onOpenFolder={(folder) => {
              setSelectedFolderId(folder.id);
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
