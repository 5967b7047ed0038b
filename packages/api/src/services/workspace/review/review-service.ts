import type {
  SendReviewCommentsInput,
  WorktreeCommitInput,
  WorktreeDiffInput,
  WorktreePathsInput,
  WorktreePullRequestInput,
} from '../../../schemas/worktree-review.ts';
import type { WorktreeTarget } from '../../../schemas/worktrees.ts';
import { KeyedLock } from '../../keyed-lock.ts';
import type { InjectionActor, SafeInjector } from '../../orchestration/injection/safe-injector.ts';
import { translating } from '../../service-errors.ts';
import type { WorktreeService } from '../worktrees/worktree-service.ts';
import { formatReviewComments } from './comment-message.ts';
import { openPullRequest } from './pull-request.ts';
import type {
  SendReviewCommentsResult,
  WorktreeCommitResult,
  WorktreeDiff,
  WorktreePullRequestResult,
  WorktreePushResult,
  WorktreeStageResult,
} from './review-types.ts';
import { commitStaged, pushBranch, stagePaths, unstagePaths } from './ship-actions.ts';
import { diffWorktree } from './worktree-diff.ts';

/**
 * Reviewing an agent's work: the worktree's diff, the ship actions (stage, unstage, commit,
 * push, pull request) and review comments typed back into the agent's session. Targets resolve
 * like the worktree service's (the caller's record, or a confined path of a worktree or
 * repository); ship actions run one at a time per worktree, so two clicks never race on git's
 * index lock.
 */
export class ReviewService {
  private readonly shipLock = new KeyedLock();

  constructor(
    private readonly deps: {
      worktrees: Pick<WorktreeService, 'resolveTarget' | 'findOwned'>;
      injector: Pick<SafeInjector, 'inject'>;
    },
  ) {}

  async diff(userId: string, input: WorktreeDiffInput): Promise<WorktreeDiff> {
    const { cwd, recordedBase } = await this.locate(userId, input);
    return translating('precondition', `diff of ${cwd}`, () =>
      diffWorktree(cwd, {
        against: input.against,
        file: input.file,
        stat: input.stat,
        contextLines: input.contextLines,
        recordedBase,
      }),
    );
  }

  async stage(userId: string, input: WorktreePathsInput): Promise<WorktreeStageResult> {
    return this.ship(userId, input, (cwd) => stagePaths(cwd, input.paths));
  }

  async unstage(userId: string, input: WorktreePathsInput): Promise<WorktreeStageResult> {
    return this.ship(userId, input, (cwd) => unstagePaths(cwd, input.paths));
  }

  async commit(userId: string, input: WorktreeCommitInput): Promise<WorktreeCommitResult> {
    return this.ship(userId, input, (cwd) => commitStaged(cwd, input.message));
  }

  async push(userId: string, input: WorktreeTarget): Promise<WorktreePushResult> {
    return this.ship(userId, input, (cwd) => pushBranch(cwd));
  }

  async pullRequest(
    userId: string,
    input: WorktreePullRequestInput,
  ): Promise<WorktreePullRequestResult> {
    return this.ship(userId, input, (cwd, recordedBase) =>
      openPullRequest(cwd, { recordedBase, title: input.title, body: input.body }),
    );
  }

  /**
   * Types the comments into the session as ONE pasted message, then Enter, through the
   * injection guard (owner check, destructive-pattern check, audit log).
   */
  async sendComments(
    actor: InjectionActor,
    input: SendReviewCommentsInput,
  ): Promise<SendReviewCommentsResult> {
    const text = formatReviewComments(input.comments);
    const result = await this.deps.injector.inject({
      actor,
      action: 'worktrees.sendComments',
      sessionId: input.sessionId,
      text,
      force: input.force,
      paste: true,
      detail: {
        comments: input.comments.length,
        files: [...new Set(input.comments.map((c) => c.file))].slice(0, 20),
      },
    });
    return {
      ok: true,
      sessionId: input.sessionId,
      auditId: result.auditId,
      text,
      comments: input.comments.length,
    };
  }

  private async ship<T>(
    userId: string,
    target: WorktreeTarget,
    action: (cwd: string, recordedBase: string | null) => Promise<T>,
  ): Promise<T> {
    const { cwd, recordedBase } = await this.locate(userId, target);
    return this.shipLock.run(cwd, () =>
      translating('precondition', `${cwd}`, () => action(cwd, recordedBase)),
    );
  }

  /** The worktree's top folder, and the base branch rdv recorded when it created it. */
  private async locate(
    userId: string,
    target: WorktreeTarget,
  ): Promise<{ cwd: string; recordedBase: string | null }> {
    const { worktreePath, rowId } = await this.deps.worktrees.resolveTarget(userId, target, {
      allowMain: true,
      allowInside: true,
    });
    const recordedBase = rowId
      ? (await this.deps.worktrees.findOwned(userId, rowId)).baseBranch
      : null;
    return { cwd: worktreePath, recordedBase };
  }
}
