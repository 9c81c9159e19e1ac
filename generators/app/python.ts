import { spawn } from 'node:child_process';
import { readdirSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { DJANGO_MIN_PYTHON, type DjangoVersion, PYTHONS, type PythonVersion, pythonAtLeast } from './schema.js';
import { onPath } from './which.js';

export interface PythonInstall {
  version: PythonVersion;
  /** e.g. "3.13.0" */
  full: string;
  path: string;
}

function subdirectories(dir: string, pattern: RegExp): string[] {
  try {
    return readdirSync(dir).filter((entry) => pattern.test(entry));
  } catch {
    return [];
  }
}

/** Interpreters worth asking: on PATH, in pyenv's versions, and uv-managed ones. */
function candidates(): string[] {
  const home = homedir();
  const pyenvRoot = process.env.PYENV_ROOT ?? join(home, '.pyenv');
  // pyenv's shims are slow shell scripts in front of the versions probed directly below.
  const notShim = (path: string): boolean => dirname(path) !== join(pyenvRoot, 'shims');
  const fromPath = [...PYTHONS].reverse().flatMap((version) => onPath(`python${version}`)).filter(notShim);
  const fromPyenv = subdirectories(join(pyenvRoot, 'versions'), /^3\.1[1-4]\.\d+$/).map((dir) =>
    join(pyenvRoot, 'versions', dir, 'bin', 'python3'),
  );
  const uvRoot =
    process.env.UV_PYTHON_INSTALL_DIR ??
    join(process.env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'uv', 'python');
  const fromUv = subdirectories(uvRoot, /^cpython-3\.1[1-4]\.\d+-/).map((dir) => join(uvRoot, dir, 'bin', 'python3'));
  // One probe per interpreter: /bin/python3 and /usr/bin/python3.11 are often the same file.
  const byRealPath = new Map<string, string>();
  for (const path of [...fromPath, ...onPath('python3').filter(notShim), ...fromPyenv, ...fromUv]) {
    const real = realPath(path);
    if (real && !byRealPath.has(real)) byRealPath.set(real, path);
  }
  return [...byRealPath.values()];
}

function realPath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/**
 * One process per interpreter says what it is and whether it can create a virtualenv: Debian's
 * python3.X without python3.X-venv runs, but `python -m venv` fails there for lack of ensurepip.
 * find_spec locates both modules without the cost of importing them.
 */
const PROBE = [
  'import sys, importlib.util as u',
  'assert u.find_spec("venv") and u.find_spec("ensurepip"), "no venv"',
  'print(sys.implementation.name, "%d.%d.%d" % sys.version_info[:3])',
].join('\n');

/** Long enough for a cold start from a slow disk; a hung interpreter must not stall the run. */
export const PROBE_TIMEOUT_MS = 5000;

function probe(path: string, timeoutMs: number): Promise<PythonInstall | undefined> {
  return new Promise((resolve) => {
    let stdout = '';
    // Its own process group, so that a wrapper script and everything it started can be killed.
    const child = spawn(path, ['-I', '-S', '-c', PROBE], { stdio: ['ignore', 'pipe', 'ignore'], detached: true });
    const done = (result: PythonInstall | undefined): void => {
      clearTimeout(timer);
      resolve(result);
    };
    // SIGKILL: a shim may ignore SIGTERM, and a grandchild holding stdout would keep 'close' from firing.
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
      child.stdout.destroy();
      done(undefined);
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', () => done(undefined));
    child.on('close', (code) => {
      const match = /^cpython (3\.(\d+)\.\d+)/.exec(stdout.trim());
      const version = match ? (`3.${match[2]}` as PythonVersion) : undefined;
      done(code === 0 && version && PYTHONS.includes(version) ? { version, full: match![1]!, path } : undefined);
    });
  });
}

/**
 * Every supported CPython that runs here and can create a virtualenv, newest first, one per minor
 * version. Each distinct interpreter is probed once, all in parallel.
 */
export async function detectPythons({ timeoutMs = PROBE_TIMEOUT_MS } = {}): Promise<PythonInstall[]> {
  const found = (await Promise.all(candidates().map((path) => probe(path, timeoutMs)))).filter((p): p is PythonInstall => p !== undefined);
  const byVersion = new Map<PythonVersion, PythonInstall>();
  for (const install of found) if (!byVersion.has(install.version)) byVersion.set(install.version, install);
  return [...byVersion.values()].sort((a, b) => (pythonAtLeast(a.version, b.version) ? -1 : 1));
}

/** The fallback when no supported Python runs here: the oldest line both Djangos support well. */
export const FALLBACK_PYTHON: PythonVersion = '3.12';

export function defaultDjango(python: PythonVersion): { django: DjangoVersion; reason: string } {
  return pythonAtLeast(python, DJANGO_MIN_PYTHON['6.1'])
    ? { django: '6.1', reason: `the newest Django; Python ${python} >= 3.12 runs it` }
    : { django: '5.2', reason: `the LTS line; Django 6.1 needs Python >= 3.12 and Python ${python} was chosen` };
}
