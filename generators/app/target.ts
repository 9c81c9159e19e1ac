import { accessSync, constants, existsSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { UsageError } from './errors.js';

/** The nearest existing ancestor of `path` (itself included). */
function existingAncestor(path: string): string {
  let dir = path;
  while (!existsSync(dir)) dir = dirname(dir);
  return dir;
}

export interface TargetState {
  exists: boolean;
  /** Entries already in the directory. */
  entries: string[];
}

/** Refuses a target that is a file, is not empty (without --force), or cannot be written. */
export function checkTarget(directory: string, force: boolean): TargetState {
  const exists = existsSync(directory);
  if (exists && !statSync(directory).isDirectory()) {
    throw new UsageError(`The target "${directory}" exists and is not a directory.`);
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
  return join(dirname(directory), `.${basename(directory)}.creating-${process.pid}`);
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
