import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import { BadInputError, DomainError, InternalError, NotFoundError } from '../../../errors.ts';
import type { Prisma, PrismaClient } from '@rdv/db';
import { preferenceEnvSchema, type PreferenceValuesInput } from '../../../schemas/preferences.ts';
import { folderChain, loadFolderTree } from '../folders/folder-tree.ts';
import { checkPathShape } from '../path-confinement.ts';
import { toDomainError } from '../../service-errors.ts';
import {
  emptyPreferences,
  resolvePreferences,
  type PreferenceLayer,
  type PreferenceValues,
  type ResolvedPreferences,
  type StoredPreferences,
} from './preference-resolve.ts';

/** The scope column of the user-level row (folder rows use the folder id). */
export const USER_SCOPE = 'user';

const preferenceSelect = {
  folderId: true,
  cwd: true,
  shell: true,
  startupCommand: true,
  env: true,
  agentCommand: true,
  theme: true,
  fontSize: true,
  scrollbackLines: true,
  historyLimit: true,
  recording: true,
} satisfies Prisma.PreferenceSelect;

type PreferenceRow = Prisma.PreferenceGetPayload<{ select: typeof preferenceSelect }>;

/** One level's settings as stored, with the level named. */
export interface PreferenceLevel {
  folderId: string | null;
  values: StoredPreferences;
}

/**
 * User-level and folder-level preferences and their inheritance. Every query is scoped to the
 * caller; another user's folder is NOT_FOUND, exactly like a missing one.
 */
export class PreferenceService {
  constructor(
    private readonly db: PrismaClient,
    private readonly defaults: PreferenceValues,
  ) {}

  /** The defaults every chain starts from. */
  defaultValues(): PreferenceValues {
    return { ...this.defaults, env: { ...this.defaults.env } };
  }

  /** One level's own settings (nulls inherit). */
  async get(userId: string, folderId: string | null): Promise<PreferenceLevel> {
    if (folderId !== null) await this.assertFolder(userId, folderId);
    const row = await this.db.preference.findUnique({
      where: { userId_scope: { userId, scope: folderId ?? USER_SCOPE } },
      select: preferenceSelect,
    });
    return { folderId, values: row ? toStored(row) : emptyPreferences() };
  }

  /**
   * Patches one level: keys left out are untouched, null clears (inherit again). `cwd` must be
   * an existing directory and is stored as its real path; `shell` must be an executable file.
   */
  async set(
    userId: string,
    folderId: string | null,
    patch: PreferenceValuesInput,
  ): Promise<PreferenceLevel> {
    if (folderId !== null) await this.assertFolder(userId, folderId);
    const data: Prisma.PreferenceUncheckedUpdateInput = {
      startupCommand: patch.startupCommand,
      agentCommand: patch.agentCommand,
      theme: patch.theme,
      fontSize: patch.fontSize,
      scrollbackLines: patch.scrollbackLines,
      historyLimit: patch.historyLimit,
      recording: patch.recording,
    };
    if (patch.cwd !== undefined)
      data.cwd = patch.cwd === null ? null : await realDirectory(patch.cwd);
    if (patch.shell !== undefined)
      data.shell = patch.shell === null ? null : await executableFile(patch.shell);
    if (patch.env !== undefined) data.env = patch.env === null ? null : JSON.stringify(patch.env);
    const scope = folderId ?? USER_SCOPE;
    const row = await this.db.preference.upsert({
      where: { userId_scope: { userId, scope } },
      create: { ...(data as Prisma.PreferenceUncheckedCreateInput), userId, folderId, scope },
      update: data,
      select: preferenceSelect,
    });
    return { folderId, values: toStored(row) };
  }

  /**
   * The effective preferences for a session of `userId` in `folderId` (null: no folder), with
   * the source of every value; see ResolvedPreferences for the shape. Another user's or a
   * missing folder is NOT_FOUND.
   */
  async resolve(userId: string, folderId: string | null): Promise<ResolvedPreferences> {
    let chain: string[] = [];
    if (folderId !== null) {
      const tree = await loadFolderTree(this.db, userId);
      if (!tree.has(folderId))
        throw new NotFoundError(`folder ${folderId} not found`);
      chain = folderChain(tree, folderId);
    }
    const rows = await this.db.preference.findMany({
      where: { userId, scope: { in: [USER_SCOPE, ...chain] } },
      select: { ...preferenceSelect, scope: true },
    });
    const byScope = new Map(rows.map((row) => [row.scope, row]));
    const layers: PreferenceLayer[] = [];
    const user = byScope.get(USER_SCOPE);
    if (user) layers.push({ source: 'user', values: toStored(user) });
    for (const id of chain) {
      const row = byScope.get(id);
      if (row) layers.push({ source: `folder:${id}`, values: toStored(row) });
    }
    return resolvePreferences(this.defaults, layers, chain);
  }

  private async assertFolder(userId: string, folderId: string): Promise<void> {
    const folder = await this.db.folder.findFirst({
      where: { id: folderId, userId },
      select: { id: true },
    });
    if (!folder)
      throw new NotFoundError(`folder ${folderId} not found`);
  }
}

function toStored(row: PreferenceRow): StoredPreferences {
  let env: StoredPreferences['env'] = null;
  if (row.env !== null) {
    const parsed = preferenceEnvSchema.safeParse(safeJson(row.env));
    if (!parsed.success) {
      throw new InternalError(`stored preferences for ${row.folderId ? `folder ${row.folderId}` : 'the user'} hold invalid env JSON`);
    }
    env = parsed.data;
  }
  return {
    cwd: row.cwd,
    shell: row.shell,
    startupCommand: row.startupCommand,
    env,
    agentCommand: row.agentCommand,
    theme: row.theme,
    fontSize: row.fontSize,
    scrollbackLines: row.scrollbackLines,
    historyLimit: row.historyLimit,
    recording: row.recording,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

async function realDirectory(input: string): Promise<string> {
  try {
    checkPathShape(input);
    const real = await realpath(input);
    if (!(await stat(real)).isDirectory()) {
      throw new BadInputError(`cwd "${input}" is not a directory`);
    }
    return real;
  } catch (error) {
    if (isNodeError(error) && error.code === 'ENOENT') {
      throw new BadInputError(`cwd "${input}" does not exist`);
    }
    throw toDomainError(error, 'bad_input', `cwd "${input}"`);
  }
}

async function executableFile(input: string): Promise<string> {
  try {
    checkPathShape(input);
    const real = await realpath(input);
    if (!(await stat(real)).isFile()) throw new Error('not a file');
    await access(real, constants.X_OK);
    return input;
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const converted = toDomainError(error, 'bad_input', `shell "${input}"`);
    if (converted instanceof DomainError) throw converted;
    throw new BadInputError(`shell "${input}" is not an executable file`);
  }
}

function isNodeError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}
