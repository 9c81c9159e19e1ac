import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import helpers from 'yeoman-test';
import { UsageError } from '../generators/app/errors.js';
import type { Given } from '../generators/app/answers.js';
import AppGenerator, { type AppOptions } from '../generators/app/index.js';
import type { PythonInstall } from '../generators/app/python.js';

export const FAKE_PYTHONS: PythonInstall[] = [
  { version: '3.13', full: '3.13.0', path: '/opt/python3.13' },
  { version: '3.12', full: '3.12.1', path: '/opt/python3.12' },
  { version: '3.11', full: '3.11.7', path: '/opt/python3.11' },
];

export interface Generated {
  /** The directory yeoman-test ran in. */
  cwd: string;
  /** The generated project. */
  root: string;
  files: string[];
  read(path: string): string;
  has(path: string): boolean;
  log: string;
}

/** Every file under `dir`, relative, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current)) {
      const path = join(current, entry);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out.sort();
}

/** Runs the app generator through yeoman-test, without install or git, on a fixed set of Pythons. */
export async function generate(
  given: Given = {},
  options: Partial<AppOptions> & { prepare?: (cwd: string) => void } = {},
): Promise<Generated> {
  const { prepare, ...rest } = options;
  const directory = rest.directory ?? 'my-shop';
  const lines: string[] = [];
  // A directory of our own: yeoman-test removes its temporary directory when the next run starts.
  const cwd = mkdtempSync(join(tmpdir(), 'cdbp-gen-'));
  const context = helpers.run(AppGenerator, { tmpdir: false, cwd }).withOptions({
    directory: join(cwd, directory),
    given,
    pythons: FAKE_PYTHONS,
    ...rest,
    run: { install: false, git: false, ...rest.run },
  } as AppOptions);
  prepare?.(cwd);
  context.onEnvironment((env) => {
    const adapter = env.adapter as { log: { (...args: unknown[]): void } };
    const original = adapter.log.bind(adapter);
    adapter.log = Object.assign((...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
      original(...args);
    }, original);
  });
  const result = await context;
  const root = join(result.cwd, directory);
  return {
    cwd: result.cwd,
    root,
    files: existsSync(root) ? listFiles(root) : [],
    read: (path) => readFileSync(join(root, path), 'utf8'),
    has: (path) => existsSync(join(root, path)),
    log: lines.join('\n'),
  };
}

/**
 * Runs the bin on a pseudo-terminal (util-linux `script`) and answers each question when it appears.
 * Returns everything the terminal showed and how many answers were given.
 */
export async function onTerminal(bin: string, cwd: string, args: string[], answers: [question: string, keys: string][], env: Record<string, string> = {}) {
  const { execa } = await import('execa');
  const command = [process.execPath, bin, ...args].join(' ');
  // By absolute path: a test may run the bin with a PATH of its own.
  const child = execa('/usr/bin/script', ['-qfec', command, '/dev/null'], { cwd, env, reject: false, all: true });
  let screen = '';
  let next = 0;
  let answeredAt = 0;
  child.all?.on('data', (chunk: Buffer) => {
    screen += chunk.toString();
    const pending = answers[next];
    if (pending && screen.indexOf(pending[0], answeredAt) !== -1) {
      answeredAt = screen.length;
      next += 1;
      child.stdin?.write(pending[1]);
    }
  });
  const result = await child;
  return { exitCode: result.exitCode, screen, answered: next };
}

/** The message of the UsageError `fn` throws; fails the test when it throws nothing or something else. */
export function usageError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}
