// Running a user's regular expression where a runaway match can be stopped: a worker thread.
import { Worker } from 'node:worker_threads';
import { BadInputError } from '../../errors.ts';
import { findRanges } from './find-ranges.ts';
import type { BlockMatcher, LineHit } from './line-matcher.ts';

/**
 * Time one block of lines (HISTORY_BLOCK_LINES, at most a few hundred characters each) may take.
 * An ordinary pattern needs well under 10 ms for it, even on a busy machine; catastrophic
 * backtracking needs minutes to forever.
 */
export const REGEX_BLOCK_BUDGET_MS = 2_000;

/**
 * The worker's program: compile the pattern once, answer each block with its hits. It runs the
 * same `findRanges` as the literal path (its source, inlined), so both report alike.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const findRanges = ${findRanges.toString()};
const re = new RegExp(workerData.source, workerData.flags);
parentPort.on('message', ({ id, text }) => {
  const hits = [];
  const lines = text.split('\\n');
  for (let index = 0; index < lines.length; index++) {
    const ranges = findRanges(re, lines[index], workerData.maxRanges);
    if (ranges.length > 0) hits.push({ index, text: lines[index], ranges });
  }
  parentPort.postMessage({ id, hits });
});
`;

/**
 * A regular expression matched in a worker thread, one block at a time, line by line (a pattern
 * may match a newline, so a block is never searched as one string). When a block takes
 * longer than the budget the worker is terminated (V8 stops even a match in progress) and the
 * query fails with BAD_REQUEST saying why. Patterns are never part of the worker's code: they
 * travel as data (`workerData`).
 */
export class RegexWorker implements BlockMatcher {
  private readonly worker: Worker;
  private next = 0;
  private failure: Error | undefined;
  private readonly waiting = new Map<
    number,
    { resolve: (hits: LineHit[]) => void; reject: (error: Error) => void }
  >();

  constructor(
    private readonly source: string,
    flags: string,
    maxRanges: number,
    private readonly budgetMs = REGEX_BLOCK_BUDGET_MS,
  ) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { source, flags, maxRanges },
      // A match holds a block's lines and hits: a small heap is plenty, and caps a runaway.
      resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 },
      stdout: false,
      stderr: false,
    });
    this.worker.on('message', ({ id, hits }: { id: number; hits: LineHit[] }) => {
      this.waiting.get(id)?.resolve(hits);
      this.waiting.delete(id);
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', () => this.fail(new Error('the regular expression worker stopped')));
  }

  match(text: string): Promise<LineHit[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.next++;
    return new Promise<LineHit[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(
          new BadInputError(
            `the regular expression ${JSON.stringify(this.source)} took more than ${this.budgetMs} ms on one block of output ` +
              '(catastrophic backtracking, e.g. a nested quantifier like (a+)+); simplify it',
          ),
        );
      }, this.budgetMs);
      this.waiting.set(id, {
        resolve: (hits) => {
          clearTimeout(timer);
          resolve(hits);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.worker.postMessage({ id, text });
    });
  }

  dispose(): void {
    this.fail(new Error('the search ended'));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const { reject } of this.waiting.values()) reject(this.failure);
    this.waiting.clear();
    void this.worker.terminate();
  }
}
