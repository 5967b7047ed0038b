/**
 * Keeps the dashboard inside the part of the screen the user can see. When a phone's on-screen
 * keyboard opens, Android Chrome (with `interactive-widget=resizes-content`) shrinks the layout
 * viewport, but iOS Safari only shrinks the visual viewport and lets the keyboard cover the
 * page's bottom, where the terminal's cursor and the key bar are. So the visual viewport's
 * height and offset go to CSS variables that the app's root uses:
 * `--rdv-viewport-height` (height) and `--rdv-viewport-top` (top offset).
 */
export const VIEWPORT_HEIGHT_VAR = '--rdv-viewport-height';
export const VIEWPORT_TOP_VAR = '--rdv-viewport-top';

/** A pinch zoom also shrinks the visual viewport; the layout must not follow that. */
const UNZOOMED_TOLERANCE = 0.01;

let users = 0;
let stop: (() => void) | null = null;

/** Starts following the visual viewport (once for all callers); call the result to stop. */
export function followVisualViewport(): () => void {
  users += 1;
  if (users === 1) stop = start();
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    users -= 1;
    if (users === 0) {
      stop?.();
      stop = null;
    }
  };
}

function start(): () => void {
  const viewport = window.visualViewport;
  if (!viewport) return () => undefined;
  const root = document.documentElement.style;
  let frame = 0;
  const clear = () => {
    root.removeProperty(VIEWPORT_HEIGHT_VAR);
    root.removeProperty(VIEWPORT_TOP_VAR);
  };
  const apply = () => {
    if (Math.abs(viewport.scale - 1) > UNZOOMED_TOLERANCE) return clear();
    root.setProperty(VIEWPORT_HEIGHT_VAR, `${Math.round(viewport.height)}px`);
    root.setProperty(VIEWPORT_TOP_VAR, `${Math.max(0, Math.round(viewport.offsetTop))}px`);
  };
  const update = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(apply);
  };
  viewport.addEventListener('resize', update);
  viewport.addEventListener('scroll', update);
  apply();
  return () => {
    cancelAnimationFrame(frame);
    viewport.removeEventListener('resize', update);
    viewport.removeEventListener('scroll', update);
    clear();
  };
}
