import { accessSync, constants, existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, renameSync, rmdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { UsageError } from './errors.js';

/** Whether `path` exists as an entry, a symbolic link that points nowhere included. */
function entryExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The nearest ancestor of `path` (itself included) that exists as an entry. */
function existingAncestor(path: string): string {
  let dir = path;
  while (!entryExists(dir)) dir = dirname(dir);
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
  } catch {
    throw new Error(`Cannot write to "${writable}": permission denied. Choose a directory you can write to.`);
  }
  return { exists, entries };
}

export interface FilePlan {
  /** Files to write, relative path -> content. */
  write: Map<string, string>;
  /** Files that already exist with other content: kept as they are. */
  skipped: string[];
}

/** With --force, keeps every existing file: only paths that are free (or already identical) are written. */
export function planFiles(directory: string, rendered: Map<string, string>): FilePlan {
  const write = new Map<string, string>();
  const skipped: string[] = [];
  for (const [path, content] of rendered) {
    const absolute = join(directory, path);
    if (!existsSync(absolute)) write.set(path, content);
    else if (!statSync(absolute).isFile() || readFileSync(absolute, 'utf8') !== content) skipped.push(path);
  }
  return { write, skipped };
}

/** Where a new project directory is built before it is renamed into place. */
export function stagingPath(directory: string): string {
  return join(dirname(directory), stagingName(basename(directory), process.pid));
}

/**
 * Makes generation all-or-nothing. A new directory is built under a hidden sibling name and renamed
 * into place once complete; in an existing directory every path it creates is recorded. Until
 * `finish()`, `rollback()` removes exactly what this run created and nothing else.
 */
export class Transaction {
  readonly directory: string;
  /** Where files are written before `publish()`. */
  readonly writeRoot: string;
  private readonly createsDirectory: boolean;
  private published = false;
  private finished = false;
  private readonly created: string[] = [];

  constructor(directory: string, state: TargetState) {
    this.directory = directory;
    this.createsDirectory = !state.exists;
    this.writeRoot = this.createsDirectory ? stagingPath(directory) : directory;
  }

  /** Records the files and directories that writing `paths` will create (existing directory only). */
  recordCreates(paths: Iterable<string>): void {
    if (this.createsDirectory) return;
    const seen = new Set(this.created);
    for (const path of paths) {
      const parts = path.split('/');
      for (let i = 1; i <= parts.length; i++) {
        const absolute = join(this.directory, ...parts.slice(0, i));
        if (!seen.has(absolute) && !existsSync(absolute)) {
          seen.add(absolute);
          this.created.push(absolute);
        }
      }
    }
  }

  /** Moves a staged new directory into place; later steps (install, git) then run in it. */
  publish(): void {
    if (this.createsDirectory && !this.published) {
      if (existsSync(this.directory)) {
        throw new Error(`"${this.directory}" appeared while the project was being generated; nothing was changed.`);
      }
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
    if (this.createsDirectory) {
      rmSync(this.writeRoot, { recursive: true, force: true, maxRetries: 3 });
      if (this.published) rmSync(this.directory, { recursive: true, force: true, maxRetries: 3 });
      return;
    }
    const deepestFirst = [...this.created].sort((a, b) => b.split(sep).length - a.split(sep).length);
    for (const path of deepestFirst) {
      try {
        if (statSync(path).isDirectory()) rmdirOrTree(path, this.directory);
        else unlinkSync(path);
      } catch {
        // Already gone, or a directory the user has put files into meanwhile: leave it.
      }
    }
  }
}

/** `.venv` and `.git` are created whole by this run; other directories only lose what we wrote. */
function rmdirOrTree(path: string, root: string): void {
  const top = relative(root, path).split(sep)[0];
  if (top === '.venv' || top === '.git') rmSync(path, { recursive: true, force: true, maxRetries: 3 });
  else rmdirSync(path);
}
