import { isAgentName, isAgentSessionId } from '@rdv/agents';
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { isConnectionError, oneLine, trpcErrorOf } from '../errors.ts';

/** How long `rdv hook` waits for the daemon: an agent's hook must never hang the agent. */
export const HOOK_TIMEOUT_MS = 2_000;
/** How long it waits for the hook's JSON on stdin (agents write it at once and close the pipe). */
export const HOOK_STDIN_WAIT_MS = 250;
const MAX_HOOK_INPUT_BYTES = 256 * 1024;
const MAX_MESSAGE_LENGTH = 1_000;

interface HookOptions {
  session?: string;
  message?: string;
  agent?: string;
  agentSession?: string;
}

/** What the agent's hook JSON says (stdin for Claude Code and Gemini CLI, argv for Codex). */
interface HookInput {
  event?: string;
  message?: string;
  /** The agent's own conversation id: `session_id`, or Codex notify's `thread-id`. */
  agentSessionId?: string;
}

/**
 * `rdv hook [event]`: run by an agent's hooks (Claude Code: Notification, Stop, PreToolUse, ...)
 * to report its status for the session it runs in (`RDV_SESSION_ID`). Fast, quiet and harmless:
 * it prints nothing on success, one `rdv hook: ...` line on stderr otherwise, and always exits 0,
 * within HOOK_TIMEOUT_MS, even when the daemon is down.
 */
export function registerHookCommand(program: Command, ctx: CliContext): void {
  program
    .command('hook')
    .description("report an agent's status for this session (run by agent hooks; never fails)")
    .argument(
      '[event]',
      "an agent's hook event (Claude Code: Notification, Stop, PreToolUse, ...; Gemini CLI: BeforeAgent, AfterAgent, ...; OpenCode: session.idle, ...), Codex's notify JSON, or a status (running, waiting, idle, error, exited); default: hook_event_name from the JSON on stdin",
    )
    .option('--session <id>', 'the session (default: $RDV_SESSION_ID)')
    .option('--message <text>', 'what the agent said (default: "message" from the JSON on stdin)')
    .option('--agent <name>', 'the agent that runs this hook (claude, codex, gemini, opencode): set by `rdv hooks install`')
    .option('--agent-session <id>', "the agent's own conversation id (default: session_id from the JSON on stdin)")
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (event: string | undefined, opts: HookOptions) => {
      try {
        await reportHook(ctx, event, opts);
      } catch (error) {
        // Whatever went wrong, the agent carries on: one line on stderr, exit code 0.
        ctx.stderr.write(`rdv hook: ${describe(ctx, error)}; status not reported\n`);
      }
    });
}

async function reportHook(
  ctx: CliContext,
  eventArg: string | undefined,
  opts: HookOptions,
): Promise<void> {
  const sessionId = opts.session ?? ctx.env.RDV_SESSION_ID?.trim();
  // Hooks that `rdv hooks install` wrote run in every session of the agent, rdv's or not:
  // outside rdv there is nothing to report, and nothing to complain about.
  if (!sessionId && opts.agent) return;
  if (!sessionId) throw new Error('RDV_SESSION_ID is not set (not inside an rdv session)');
  if (opts.agent !== undefined && !isAgentName(opts.agent)) throw new Error(`unknown agent ${opts.agent}`);
  const agent = opts.agent;
  // Codex's notify appends its JSON as the last argument instead of writing it to stdin.
  const argvInput = eventArg?.trimStart().startsWith('{') ? parseHookJson(eventArg) : undefined;
  const input = argvInput ?? (ctx.stdin.isTTY ? {} : await readHookInput(ctx.stdin));
  const event = (argvInput ? undefined : eventArg) ?? input.event;
  if (!event)
    throw new Error('no event given (pass one, or pipe the hook JSON with hook_event_name)');
  const message = (opts.message ?? input.message)?.slice(0, MAX_MESSAGE_LENGTH);
  // Only an id that may safely reach a resume command line is passed on; a bad one is dropped
  // rather than losing the status report with it.
  const conversation = opts.agentSession ?? input.agentSessionId;
  const agentSessionId = agent && conversation && isAgentSessionId(conversation) ? conversation : undefined;

  const { client, close } = ctx.api();
  try {
    await client.hooks.report.mutate(
      {
        sessionId,
        event,
        ...(message ? { message } : {}),
        ...(agent ? { agent } : {}),
        ...(agentSessionId ? { agentSessionId } : {}),
      },
      { signal: AbortSignal.timeout(HOOK_TIMEOUT_MS) },
    );
  } finally {
    await close();
  }
}

/** The agent's hook JSON (`{"hook_event_name": "Notification", "message": "..."}`), if any. */
async function readHookInput(stdin: NodeJS.ReadableStream): Promise<HookInput> {
  const text = await new Promise<string>((resolve) => {
    let data = '';
    const done = () => {
      clearTimeout(timer);
      stdin.off('data', onData);
      stdin.off('end', done);
      stdin.off('error', done);
      stdin.pause();
      resolve(data);
    };
    const onData = (chunk: Buffer | string) => {
      data += chunk.toString();
      if (data.length > MAX_HOOK_INPUT_BYTES) done();
    };
    const timer = setTimeout(done, HOOK_STDIN_WAIT_MS);
    stdin.on('data', onData);
    stdin.once('end', done);
    stdin.once('error', done);
  });
  return parseHookJson(text);
}

/**
 * Claude Code, Gemini CLI (and Codex's hooks): `{hook_event_name, session_id, message}`.
 * Codex's notify: `{type: "agent-turn-complete", "thread-id", "last-assistant-message"}`.
 */
function parseHookJson(text: string): HookInput {
  let value: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object') return {};
    value = parsed as Record<string, unknown>;
  } catch {
    return {};
  }
  const str = (key: string) => (typeof value[key] === 'string' ? value[key] : undefined);
  return {
    event: str('hook_event_name') ?? str('type'),
    message: str('message') ?? str('last-assistant-message'),
    agentSessionId: str('session_id') ?? str('thread-id'),
  };
}

function describe(ctx: CliContext, error: unknown): string {
  if (
    error instanceof Error &&
    (error.name === 'TimeoutError' || error.name === 'AbortError' || /abort/i.test(error.message))
  ) {
    return `rdv-server did not answer within ${HOOK_TIMEOUT_MS / 1000}s`;
  }
  if (isConnectionError(error))
    return `rdv-server is not running (no answer on ${ctx.paths.apiSocket})`;
  const trpc = trpcErrorOf(error);
  if (trpc?.code === 'BAD_REQUEST') {
    const detail = trpc.zodError
      ? Object.values(trpc.zodError.fieldErrors ?? {})
          .flat()
          .join('; ')
      : '';
    return `invalid input: ${oneLine(detail || trpc.message)}`;
  }
  if (trpc) return `${trpc.code}: ${oneLine(trpc.message)}`;
  return oneLine(error instanceof Error ? error.message : String(error));
}
