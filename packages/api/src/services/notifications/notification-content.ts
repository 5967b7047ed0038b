// What a notification says, built once and shaped per channel: a browser push (JSON the service
// worker shows), ntfy (title/body headers and a click link), and the webhook bodies (rdv's own
// JSON, Slack's `{text}`, Discord's `{content}`).
import type { AgentStatus } from '../../schemas/agent-status.ts';
import type { StatusChange } from '../orchestration/agent-status/agent-status-service.ts';
import type { ScreenPrompt } from '../orchestration/agent-status/screen-prompt.ts';
import {
  NOTIFICATION_STATE_LABELS,
  type NotificationState,
  type WebhookFormat,
} from './notification-settings.ts';

/** Longest question quoted; agents' prompts are one line, a hook's message may be longer. */
export const MAX_QUOTED_LENGTH = 300;
/**
 * Longest body sent: push services take about 4 KB of payload (after encryption), and a deep
 * working directory should not cost the question. The title is bounded by the session name.
 */
export const MAX_BODY_LENGTH = 1_500;

/** A notification, before it is shaped for a channel. */
export interface Notice {
  /** The session's id; host-qualified (`gpu:3f2a…`) for a session on a fleet host. */
  sessionId: string;
  /** The fleet host the session runs on (`rdv host`), or absent for this machine's own. */
  host?: string;
  sessionName: string;
  /** The session's folder name in the dashboard, or null when it is in none. */
  folder: string | null;
  /** The session's working directory. */
  cwd: string;
  state: NotificationState;
  /** The question on the screen, or the hook's message. */
  question: string | null;
  /** Opens the session in the dashboard: `<dashboard>/#session=<id>`. */
  url: string;
  /** ISO time of the change. */
  at: string;
  /** The prompt on the screen, when it can be answered without attaching (`sessions.answer`). */
  prompt?: Pick<ScreenPrompt, 'id' | 'answers'>;
}

/** Permission prompts in agents' own words (Claude Code, Codex, Gemini CLI menus and hooks). */
const PERMISSION_WORDS = /\b(permission|allow|approve|proceed|trust)\b/i;

/**
 * The state a status change is worth telling, or null when it is not (running, a session the
 * person closed, a shell back at its prompt without having run anything).
 */
export function noticeStateFor(
  change: Pick<StatusChange, 'status' | 'previous' | 'source' | 'reason' | 'message'>,
): NotificationState | null {
  const status: AgentStatus = change.status;
  switch (status) {
    case 'waiting':
      return change.reason === 'hook permissionrequest' ||
        PERMISSION_WORDS.test(change.message ?? '')
        ? 'permission'
        : 'waiting';
    case 'error':
      return 'error';
    case 'exited':
      // Closing a session oneself is not news; a process that ended on its own is.
      return change.reason === 'session closed' ? null : 'finished';
    case 'idle':
      return change.previous === 'running' || change.previous === 'waiting' ? 'finished' : null;
    case 'running':
      return null;
  }
}

/** `<dashboard>/#session=<id>`: the dashboard opens that session from its hash. */
export function sessionLink(dashboardUrl: string, sessionId: string): string {
  return `${dashboardUrl.replace(/\/+$/, '')}/#session=${encodeURIComponent(sessionId)}`;
}

/** One line, bounded: a quote that fits a notification. */
export function quote(text: string | null | undefined): string | null {
  const line = (text ?? '').replace(/\s+/g, ' ').trim();
  if (!line) return null;
  return line.length > MAX_QUOTED_LENGTH ? `${line.slice(0, MAX_QUOTED_LENGTH - 1)}…` : line;
}

/** `api is asking permission`. */
export function noticeTitle(notice: Notice): string {
  const where = notice.host ? ` on ${notice.host}` : '';
  return `${notice.sessionName}${where} is ${NOTIFICATION_STATE_LABELS[notice.state]}`;
}

/** The question (quoted) and where the session is. */
export function noticeBody(notice: Notice): string {
  const place = notice.folder ? `${notice.folder} · ${notice.cwd}` : notice.cwd;
  const where = notice.host ? `${notice.host}: ${place}` : place;
  const body = notice.question ? `“${notice.question}”\n${where}` : where;
  return body.length > MAX_BODY_LENGTH ? `${body.slice(0, MAX_BODY_LENGTH - 1)}…` : body;
}

/** What the service worker receives (public/sw.js reads these keys). */
export interface PushPayload {
  title: string;
  body: string;
  sessionId: string;
  state: NotificationState;
  /** The link as the daemon knows it; the worker prefers its own origin (how the device got there). */
  url: string;
  /** One notification per session on the device: a newer one replaces it. */
  tag: string;
  /**
   * Buttons the worker adds to the notification. `type: 'text'` asks for a typed answer in the
   * notification itself where the platform offers that (elsewhere it opens the session).
   */
  actions: Array<{ action: string; title: string; type?: 'text'; placeholder?: string }>;
  /** The prompt that Approve / Deny answer (the worker sends it with `sessions.answer`). */
  promptId?: string;
}

/**
 * Approve and Deny when the screen shows a permission menu that takes them (a notification has
 * room for two buttons; clicking the notification itself opens the session); Reply and Open for
 * a question; otherwise Open.
 */
function actionsFor(notice: Notice): PushPayload['actions'] {
  const answers = notice.prompt?.answers ?? [];
  if (answers.includes('approve') && answers.includes('deny')) {
    return [
      { action: 'approve', title: 'Approve' },
      { action: 'deny', title: 'Deny' },
    ];
  }
  const open = { action: 'open', title: 'Open session' };
  if (answers.includes('reply')) {
    return [{ action: 'reply', title: 'Reply', type: 'text', placeholder: 'Your answer' }, open];
  }
  return [open];
}

export function pushPayload(notice: Notice): PushPayload {
  return {
    title: noticeTitle(notice),
    body: noticeBody(notice),
    sessionId: notice.sessionId,
    state: notice.state,
    url: notice.url,
    tag: `rdv-${notice.sessionId}`,
    actions: actionsFor(notice),
    ...(notice.prompt ? { promptId: notice.prompt.id } : {}),
  };
}

/** The JSON a webhook receives, in the chosen shape. */
export function webhookBody(notice: Notice, format: WebhookFormat): Record<string, unknown> {
  const text = `${noticeTitle(notice)}\n${noticeBody(notice)}\n${notice.url}`;
  switch (format) {
    case 'slack':
      return { text };
    case 'discord':
      return { content: text };
    case 'json':
      return {
        event: 'session.attention',
        host: notice.host ?? null,
        session: {
          id: notice.sessionId,
          name: notice.sessionName,
          folder: notice.folder,
          cwd: notice.cwd,
        },
        state: notice.state,
        stateLabel: NOTIFICATION_STATE_LABELS[notice.state],
        question: notice.question,
        url: notice.url,
        at: notice.at,
        title: noticeTitle(notice),
        text,
      };
  }
}

/** ntfy's publish request: the body is the message, the rest are headers (ntfy.sh/docs/publish). */
export function ntfyRequest(notice: Notice): { body: string; headers: Record<string, string> } {
  return {
    body: noticeBody(notice),
    headers: {
      // Header values must be Latin-1 in fetch: ntfy decodes RFC 2047 encoded words.
      Title: encodeHeader(noticeTitle(notice)),
      Click: notice.url,
      Tags: NTFY_TAGS[notice.state],
      Priority: notice.state === 'permission' || notice.state === 'waiting' ? 'high' : 'default',
    },
  };
}

const NTFY_TAGS: Record<NotificationState, string> = {
  waiting: 'question',
  permission: 'lock',
  stalled: 'hourglass',
  error: 'x',
  finished: 'white_check_mark',
};

/** RFC 2047 `=?UTF-8?B?…?=` when the text is not plain ASCII. */
export function encodeHeader(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;
}
