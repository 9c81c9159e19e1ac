import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
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
  return [...new Set([...fromPath, ...onPath('python3').filter(notShim), ...fromPyenv, ...fromUv])];
}

const PROBE = 'import sys; print(sys.implementation.name, "%d.%d.%d" % sys.version_info[:3])';

function probe(path: string): Promise<PythonInstall | undefined> {
  return new Promise((resolve) => {
    execFile(path, ['-I', '-S', '-c', PROBE], { timeout: 5000 }, (error, stdout) => {
      const match = /^cpython (3\.(\d+)\.\d+)/.exec(stdout.trim());
      const version = match ? (`3.${match[2]}` as PythonVersion) : undefined;
      resolve(!error && version && PYTHONS.includes(version) ? { version, full: match![1]!, path } : undefined);
    });
  });
}

/** Every supported CPython that actually runs here, newest first, one per minor version. */
export async function detectPythons(): Promise<PythonInstall[]> {
  const found = (await Promise.all(candidates().map(probe))).filter((p): p is PythonInstall => p !== undefined);
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
