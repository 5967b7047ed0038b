import type { CliContext } from '../context.ts';
import { startProgress } from '../ui/spinner.ts';

/** Thrown when the person presses Esc or Ctrl-C at a prompt; the menu then leaves, changing nothing. */
export class Cancelled extends Error {
  override name = 'Cancelled';
}

export interface Choice<T extends string> {
  value: T;
  label: string;
  hint?: string;
}

export interface TextOptions {
  placeholder?: string;
  initialValue?: string;
  defaultValue?: string;
  validate?: (value: string) => string | undefined;
}

/** The prompts the menu uses, bound to the context's streams. */
export interface Prompter {
  select<T extends string>(
    message: string,
    choices: ReadonlyArray<Choice<T>>,
    initialValue?: T,
  ): Promise<T>;
  text(message: string, options?: TextOptions): Promise<string>;
  confirm(message: string, initialValue?: boolean): Promise<boolean>;
  note(message: string, title?: string): void;
  info(message: string): void;
  success(message: string): void;
  error(message: string): void;
  intro(title: string): void;
  outro(message: string): void;
  cancel(message: string): void;
  /** Runs slow work under a spinner. */
  spin<T>(text: string, work: () => Promise<T>, done: (result: T) => string): Promise<T>;
}

/** Most rows a select shows at once (long session lists scroll). */
const MAX_VISIBLE_CHOICES = 12;

/** @clack/prompts on ctx.stdin/ctx.stdout, so tests can drive the menu with plain streams. */
export async function createPrompter(ctx: CliContext): Promise<Prompter> {
  const clack = await import('@clack/prompts');
  const io = { input: ctx.stdin, output: ctx.stdout };
  const answer = <T>(value: T): Exclude<T, symbol> => {
    if (clack.isCancel(value)) throw new Cancelled();
    return value as Exclude<T, symbol>;
  };
  return {
    async select<T extends string>(
      message: string,
      choices: ReadonlyArray<Choice<T>>,
      initialValue?: T,
    ): Promise<T> {
      // Typed as plain strings for clack (its Option type is conditional on the value type).
      const options: Array<{ value: string; label: string; hint?: string }> = choices.map((c) => ({
        value: c.value,
        label: c.label,
        ...(c.hint ? { hint: c.hint } : {}),
      }));
      const picked = await clack.select<string>({
        ...io,
        message,
        options,
        initialValue,
        maxItems: MAX_VISIBLE_CHOICES,
      });
      return answer(picked) as T;
    },
    async text(message, options = {}) {
      const { validate, ...rest } = options;
      const value = await clack.text({
        ...io,
        message,
        ...rest,
        ...(validate ? { validate: (v) => validate(v ?? '') } : {}),
      });
      return answer(value);
    },
    async confirm(message, initialValue = true) {
      return answer(await clack.confirm({ ...io, message, initialValue }));
    },
    note: (message, title) => clack.note(message, title, { output: ctx.stdout }),
    info: (message) => clack.log.info(message, { output: ctx.stdout }),
    success: (message) => clack.log.success(message, { output: ctx.stdout }),
    error: (message) => clack.log.error(message, { output: ctx.stdout }),
    intro: (title) => clack.intro(title, { output: ctx.stdout }),
    outro: (message) => clack.outro(message, { output: ctx.stdout }),
    cancel: (message) => clack.cancel(message, { output: ctx.stdout }),
    async spin(text, work, done) {
      const progress = startProgress(ctx, text);
      try {
        const result = await work();
        progress.stop(done(result));
        return result;
      } catch (error) {
        progress.fail(`${text}: failed`);
        throw error;
      }
    },
  };
}
