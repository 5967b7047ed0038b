import type { CliContext } from '../context.ts';
import { CliError, ExitCode } from '../errors.ts';
import { print, printJson, withApi, type JsonOption } from '../output.ts';
import { resolveSession } from '../resolve/resolvers.ts';

export interface AnswerOptions extends JsonOption {
  approve?: boolean;
  deny?: boolean;
  reply?: string;
  /** Answer only this prompt (an id from `--json` output or a status event). */
  prompt?: string;
}

const DONE = { approve: 'approved', deny: 'denied', reply: 'replied to' } as const;

/**
 * `rdv session answer <session> --approve | --deny | --reply TEXT`: answers the prompt the
 * session's screen shows, without attaching. Without a decision it shows the prompt. The daemon
 * refuses (nothing typed) when the screen no longer shows the prompt read here, or `--prompt`.
 */
export async function answerPrompt(
  ctx: CliContext,
  ref: string,
  opts: AnswerOptions,
): Promise<void> {
  const chosen = [
    opts.approve && 'approve',
    opts.deny && 'deny',
    opts.reply !== undefined && 'reply',
  ].filter((kind): kind is 'approve' | 'deny' | 'reply' => typeof kind === 'string');
  if (chosen.length > 1) {
    throw new CliError('give one of --approve, --deny or --reply', ExitCode.usage);
  }
  await withApi(ctx, async (client) => {
    const session = await resolveSession(client, ref);
    const prompt = await client.sessions.prompt.query({ id: session.id });
    const kind = chosen[0];
    if (kind === undefined) {
      if (opts.json) return printJson(ctx, prompt);
      if (!prompt) return print(ctx, `${session.name} shows no prompt to answer`);
      return print(
        ctx,
        `${session.name} (${prompt.agent}) asks: ${prompt.question}\n  answer with: ${prompt.answers.map((a) => `--${a}`).join(', ')}  (prompt ${prompt.id})`,
      );
    }
    const promptId = opts.prompt ?? prompt?.id;
    if (!promptId) {
      throw new CliError(
        `${session.name} shows no prompt to answer; nothing was typed`,
        ExitCode.error,
      );
    }
    const answer = kind === 'reply' ? { kind, text: opts.reply ?? '' } : { kind };
    const result = await client.sessions.answer.mutate({ sessionId: session.id, promptId, answer });
    if (opts.json) return printJson(ctx, result);
    print(ctx, `${DONE[kind]} "${result.prompt.question}" in ${session.name}`);
  });
}
