import type { Page } from 'playwright-core';

/** Renders of each session's terminal component so far, by the `data-session` key. */
type RenderCounts = Map<string, number>;

interface Fiber {
  flags: number;
  stateNode: unknown;
  child: Fiber | null;
  sibling: Fiber | null;
  return: Fiber | null;
}

/**
 * An init script (`context.addInitScript`) that counts how often React renders the terminal
 * component (TerminalView) of each session. React calls `__REACT_DEVTOOLS_GLOBAL_HOOK__` after
 * every commit when a page defines it (React DevTools does); this one walks the committed tree
 * to the terminal's own element (`[data-session][data-renderer]`, what TerminalView returns) and
 * counts its component when it ran this commit: a fiber that is not the one seen last time and
 * carries React's PerformedWork flag.
 */
export const COUNT_TERMINAL_RENDERS = () => {
  const PERFORMED_WORK = 1;
  const counts: RenderCounts = new Map();
  const last = new Map<string, Fiber>();
  (window as unknown as { __rdvTerminalRenders: RenderCounts }).__rdvTerminalRenders = counts;
  (
    window as unknown as { __REACT_DEVTOOLS_GLOBAL_HOOK__: unknown }
  ).__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    isDisabled: false,
    renderers: new Map(),
    inject: () => 1,
    onCommitFiberRoot: (_id: number, root: { current: Fiber }) => {
      const pending: Fiber[] = [root.current];
      while (pending.length > 0) {
        const fiber = pending.pop()!;
        const node = fiber.stateNode;
        if (
          node instanceof HTMLElement &&
          node.dataset.session !== undefined &&
          node.dataset.renderer !== undefined &&
          fiber.return
        ) {
          const component = fiber.return;
          const key = node.dataset.session;
          if (component !== last.get(key) && (component.flags & PERFORMED_WORK) !== 0) {
            counts.set(key, (counts.get(key) ?? 0) + 1);
          }
          last.set(key, component);
        }
        if (fiber.sibling) pending.push(fiber.sibling);
        if (fiber.child) pending.push(fiber.child);
      }
    },
    onPostCommitFiberRoot: () => {},
    onCommitFiberUnmount: () => {},
    checkDCE: () => {},
  };
};

/** How often the session's terminal component has rendered (COUNT_TERMINAL_RENDERS must run first). */
export function terminalRenders(page: Page, sessionKey: string): Promise<number> {
  return page.evaluate(
    (key) =>
      (window as unknown as { __rdvTerminalRenders: RenderCounts }).__rdvTerminalRenders.get(key) ??
      0,
    sessionKey,
  );
}
