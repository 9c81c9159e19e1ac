import {
  accessSync,
  constants,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmdirSync,
  rmSync,
  type Stats,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { UsageError } from './errors.js';

/** The entry at `path` without following a symlink (one that points nowhere included), or undefined. */
function entryAt(path: string): Stats | undefined {
  return lstatSync(path, { throwIfNoEntry: false });
}

/** The nearest ancestor of `path` (itself included) that exists as an entry. */
function existingAncestor(path: string): string {
  let dir = path;
  while (entryAt(dir) === undefined) dir = dirname(dir);
  return dir;
}

/** The longest file name a file system takes (NAME_MAX on Linux and macOS), in bytes. */
export const NAME_MAX = 255;

/** The largest process id on Linux (PID_MAX_LIMIT, 2^22); macOS stays below 100000. */
const PID_MAX = 4_194_304;

function stagingName(base: string, pid: number): string {
  return `.${base}.creating-${pid}`;
}

/** The longest name, in bytes, of a new project directory: its staging sibling must fit in NAME_MAX. */
export const MAX_DIRECTORY_NAME_BYTES = NAME_MAX - Buffer.byteLength(stagingName('', PID_MAX));

/** Refuses a path the file system cannot hold, before anything is rendered or written. */
function checkNameLengths(directory: string, exists: boolean): void {
  for (const component of directory.split(sep)) {
    const bytes = Buffer.byteLength(component);
    if (bytes > NAME_MAX) {
      throw new UsageError(
        `The path "${directory}" has a component of ${bytes} bytes ("${component.slice(0, 20)}..."); ` +
          `a file or directory name can have at most ${NAME_MAX}. Choose a shorter path.`,
      );
    }
  }
  const bytes = Buffer.byteLength(basename(directory));
  if (!exists && bytes > MAX_DIRECTORY_NAME_BYTES) {
    throw new UsageError(
      `The directory name "${basename(directory)}" is ${bytes} bytes long; a new project directory can have at most ` +
        `${MAX_DIRECTORY_NAME_BYTES}: it is built as "${stagingName('<name>', process.pid)}" beside it and renamed into ` +
        `place, and a name can have at most ${NAME_MAX} bytes.\nChoose a shorter directory name.`,
    );
  }
}

export interface TargetState {
  exists: boolean;
  /** Entries already in the directory. */
  entries: string[];
}

/**
 * Refuses a target that is a file, is not empty (without --force), cannot be written, has a name too
 * long for the file system, or is (or sits under) a symbolic link that points nowhere. A symbolic
 * link to a directory is followed: the project goes into the directory it points to.
 */
export function checkTarget(directory: string, force: boolean): TargetState {
  checkNameLengths(directory, existsSync(directory));
  const link = existingAncestor(directory);
  if (!existsSync(link)) {
    let to = '';
    try {
      to = ` to "${readlinkSync(link)}"`;
    } catch {
      // Not readable: say no more than that it cannot be followed.
    }
    throw new UsageError(
      `${link === directory ? 'The target' : `On the way to the target "${directory}",`} "${link}" is a symbolic link${to} ` +
        'that does not lead to an existing file or directory.\n' +
        'Create what it points to, remove the link, or choose another directory.',
    );
  }
  const exists = existsSync(directory);
  if (exists && !statSync(directory).isDirectory()) {
    const what = lstatSync(directory).isSymbolicLink() ? 'is a symbolic link to a file' : 'exists and is not a directory';
    throw new UsageError(`The target "${directory}" ${what}. Choose another name: a new directory is created for the project.`);
  }
  const entries = exists ? readdirSync(directory) : [];
  if (entries.length > 0 && !force) {
    const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? ', ...' : '');
    throw new UsageError(
      `The target directory "${directory}" is not empty (${shown}).\n` +
        'Choose a new or empty directory, or pass --force to add the project beside these files ' +
        '(existing files are never deleted or overwritten).',
    );
  }
  const writable = existingAncestor(directory);
  if (!statSync(writable).isDirectory()) {
    throw new UsageError(`Cannot create "${directory}": "${writable}" is a file, not a directory.`);
  }
  try {
    accessSync(writable, constants.W_OK);
  } catch (error) {
    const why = isCode(error, 'EROFS') ? 'it is on a read-only file system' : 'permission denied';
    throw new Error(`Cannot write to "${writable}": ${why}. Choose a directory you can write to.`);
  }
  return { exists, entries };
}

export interface FilePlan {
  /** Files to write, relative path -> content. */
  write: Map<string, string>;
  /** Paths taken by an entry of the user's (a file, a directory or a symlink, even a dangling one): kept as they are. */
  skipped: string[];
}

/**
 * With --force, every existing entry is the user's: a path is written only when nothing is there and
 * every directory above it is a real directory (never a symlink, which writing would follow).
 * A file already identical to the generated one is neither written nor reported.
 */
export function planFiles(directory: string, rendered: Map<string, string>): FilePlan {
  const write = new Map<string, string>();
  const skipped: string[] = [];
  for (const [path, content] of rendered) {
    const parts = path.split('/');
    const blocked = parts.slice(0, -1).some((_, i) => {
      const entry = entryAt(join(directory, ...parts.slice(0, i + 1)));
      return entry !== undefined && !entry.isDirectory();
    });
    const entry = blocked ? undefined : entryAt(join(directory, path));
    if (blocked) skipped.push(path);
    else if (entry === undefined) write.set(path, content);
    else if (!entry.isFile() || readFileSync(join(directory, path), 'utf8') !== content) skipped.push(path);
  }
  return { write, skipped };
}

/** Where a new project directory is built before it is renamed into place. */
export function stagingPath(directory: string): string {
  return join(dirname(directory), stagingName(basename(directory), process.pid));
}

/** Something took a path between the check and the write: the run stops rather than overwrite it. */
export class AppearedError extends Error {
  constructor(path: string) {
    super(`"${path}" appeared while the project was being written (another run at the same time?); it was left as it is.`);
    this.name = 'AppearedError';
  }
}

function isCode(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException).code === code;
}

/**
 * Makes generation all-or-nothing. A new directory is built under a hidden sibling name and renamed
 * into place once complete; in an existing directory every entry it creates is recorded as it is
 * created. Nothing is ever overwritten: files are created exclusively (O_EXCL, which also refuses a
 * dangling symlink). Until `finish()`, `rollback()` removes exactly what this run created.
 */
export class Transaction {
  readonly directory: string;
  /** Where files are written before `publish()`. */
  readonly writeRoot: string;
  private readonly createsDirectory: boolean;
  private staged = false;
  private published = false;
  private finished = false;
  /** Entries this run created, in creation order; `.venv` and `.git` are removed whole. */
  private readonly created: string[] = [];

  constructor(directory: string, state: TargetState) {
    this.directory = directory;
    this.createsDirectory = !state.exists;
    this.writeRoot = this.createsDirectory ? stagingPath(directory) : directory;
  }

  private root(): string {
    return this.published ? this.directory : this.writeRoot;
  }

  /** Creates `path` (and the directories above it that are missing) with `content`; never overwrites. */
  create(path: string, content: string, mode = 0o644): void {
    if (this.createsDirectory && !this.published) this.createStaging();
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) this.createDirectory(join(this.root(), ...parts.slice(0, i)), path);
    const absolute = join(this.root(), path);
    const record = !this.createsDirectory;
    try {
      writeFileSync(absolute, content, { flag: 'wx', mode });
    } catch (error) {
      if (isCode(error, 'EEXIST')) throw new AppearedError(path);
      throw error;
    }
    if (record) this.created.push(absolute);
  }

  /** The staging directory, and the missing directories above it (removed again by a rollback). */
  private createStaging(): void {
    if (this.staged) return;
    this.staged = true;
    const missing: string[] = [];
    for (let dir = this.writeRoot; entryAt(dir) === undefined; dir = dirname(dir)) missing.unshift(dir);
    for (const dir of missing) this.createDirectory(dir, this.writeRoot, true);
  }

  /** Within a new directory only the staging directory and its new parents are recorded: the rest goes with them. */
  private createDirectory(absolute: string, forPath: string, record = !this.createsDirectory): void {
    try {
      mkdirSync(absolute);
      if (record) this.created.push(absolute);
    } catch (error) {
      if (!isCode(error, 'EEXIST')) throw error;
      // Checked before writing; a symlink or file here now appeared since, and is never followed.
      if (!entryAt(absolute)?.isDirectory()) throw new AppearedError(forPath);
    }
  }

  /**
   * Records a directory a step is about to create whole (`.venv`, `.git`), so that a rollback removes
   * it; returns false when an entry of the user's is already there (the step must then leave it alone).
   */
  claim(name: '.venv' | '.git'): boolean {
    const absolute = join(this.root(), name);
    if (entryAt(absolute) !== undefined) return false;
    if (!this.createsDirectory) this.created.push(absolute);
    return true;
  }

  /** Moves a staged new directory into place; later steps (install, git) then run in it. */
  publish(): void {
    if (this.createsDirectory && !this.published) {
      if (entryAt(this.directory) !== undefined) {
        throw new Error(`"${this.directory}" appeared while the project was being generated; nothing was changed.`);
      }
      this.createStaging();
      renameSync(this.writeRoot, this.directory);
    }
    this.published = true;
  }

  finish(): void {
    this.finished = true;
  }

  /** Removes what this run created. Synchronous so that it can run from a signal handler. */
  rollback(): void {
    if (this.finished) return;
    this.finished = true;
    const whole = new Set(['.venv', '.git'].map((name) => join(this.directory, name)));
    if (this.createsDirectory) {
      // Everything below the project directory is this run's: it goes whole, then the parents it made.
      rmSync(this.published ? this.directory : this.writeRoot, { recursive: true, force: true, maxRetries: 3 });
      whole.add(this.writeRoot);
    }
    for (const path of [...this.created].reverse()) {
      try {
        if (whole.has(path)) rmSync(path, { recursive: true, force: true, maxRetries: 3 });
        else if (entryAt(path)?.isDirectory()) rmdirSync(path);
        else unlinkSync(path);
      } catch {
        // Already gone, or a directory the user has put files into meanwhile: leave it.
      }
    }
  }
}
