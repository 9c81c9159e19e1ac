import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultDjango, detectPythons } from '../../generators/app/python.js';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe('detectPythons', () => {
  it('finds interpreters on PATH, in pyenv versions and uv-managed ones, newest first, skipping broken ones', async () => {
    const real = await detectPythons();
    expect(real.length, 'this machine has a CPython 3.11+').toBeGreaterThan(0);
    const [newest, ...rest] = real;
    const oldest = rest.at(-1) ?? newest!;
    // The interpreters themselves, not pyenv shims (which need pyenv's environment to run).
    const executable = async (path: string) => (await execa(path, ['-c', 'import sys; print(sys.executable)'])).stdout.trim();

    const home = mkdtempSync(join(tmpdir(), 'cdbp-py-'));
    // pyenv: a version directory whose python3 runs.
    const pyenvBin = join(home, 'pyenv', 'versions', `${oldest.full}`, 'bin');
    mkdirSync(pyenvBin, { recursive: true });
    symlinkSync(await executable(oldest.path), join(pyenvBin, 'python3'));
    // uv-managed: the newest, under uv's directory naming.
    const uvBin = join(home, 'uv', `cpython-${newest!.full}-linux-x86_64-gnu`, 'bin');
    mkdirSync(uvBin, { recursive: true });
    symlinkSync(await executable(newest!.path), join(uvBin, 'python3'));
    // On PATH: a python3.14 that does not run (a broken shim) must not count.
    const pathBin = join(home, 'bin');
    mkdirSync(pathBin);
    writeFileSync(join(pathBin, 'python3.14'), '#!/bin/sh\nexit 127\n', { mode: 0o755 });

    process.env = { PATH: pathBin, HOME: home, PYENV_ROOT: join(home, 'pyenv'), UV_PYTHON_INSTALL_DIR: join(home, 'uv') };
    const found = await detectPythons();
    expect(found.map((p) => p.path)).toEqual(
      newest!.version === oldest.version ? [join(pyenvBin, 'python3')] : [join(uvBin, 'python3'), join(pyenvBin, 'python3')],
    );
    expect(found[0]!.version).toBe(newest!.version);
  });

  it('finds nothing, without failing, when no supported Python runs', async () => {
    const home = mkdtempSync(join(tmpdir(), 'cdbp-py-'));
    process.env = { PATH: home, HOME: home, PYENV_ROOT: join(home, 'none'), UV_PYTHON_INSTALL_DIR: join(home, 'none') };
    expect(await detectPythons()).toEqual([]);
  });
});

/** Not running: gone, or a zombie its new parent has not reaped yet. */
function dead(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z');
  } catch {
    return true;
  }
}

describe('detectPythons probes', () => {
  /** A directory with one script, `name`, in front of a real interpreter; returns the directory. */
  async function shim(name: string, body: string): Promise<{ home: string; bin: string }> {
    const [real] = await detectPythons();
    const executable = (await execa(real!.path, ['-c', 'import sys; print(sys.executable)'])).stdout.trim();
    const home = mkdtempSync(join(tmpdir(), 'cdbp-py-'));
    const bin = join(home, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, name), `#!/bin/sh\nPATH=/usr/bin:/bin\nREAL=${executable}\nLOG=${join(home, 'log')}\n${body}\n`, { mode: 0o755 });
    process.env = { PATH: bin, HOME: home, PYENV_ROOT: join(home, 'none'), UV_PYTHON_INSTALL_DIR: join(home, 'none') };
    return { home, bin };
  }

  it('runs one process per interpreter, however many names lead to it', async () => {
    const { home, bin } = await shim('python3.12', 'echo run >> "$LOG"\nexec "$REAL" "$@"');
    const other = join(home, 'other-bin');
    mkdirSync(other);
    symlinkSync(join(bin, 'python3.12'), join(other, 'python3'));
    process.env.PATH = `${bin}:${other}`;
    const found = await detectPythons();
    expect(found.map((p) => p.path)).toEqual([join(bin, 'python3.12')]);
    expect(readFileSync(join(home, 'log'), 'utf8')).toBe('run\n');
  });

  it('kills an interpreter that outlives the timeout, even one that ignores SIGTERM', { timeout: 10_000 }, async () => {
    const { home } = await shim('python3.13', 'trap "" TERM\necho $$ > "$LOG"\nsleep 30 &\necho $! >> "$LOG"\nwait');
    const started = performance.now();
    expect(await detectPythons({ timeoutMs: 300 })).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2000);
    const pids = readFileSync(join(home, 'log'), 'utf8').trim().split('\n').map(Number);
    expect(pids).toHaveLength(2);
    // The shim and the process it started are gone, not left running in the background.
    for (const pid of pids) await expect.poll(() => dead(pid), { timeout: 2000 }).toBe(true);
  });

  it('skips an interpreter that runs but cannot create a virtualenv (no ensurepip, as on Debian without python3-venv)', async () => {
    // Hides ensurepip from the probe only, the way a missing python3.X-venv package hides it.
    await shim(
      'python3.12',
      'case "$*" in *ensurepip*) echo "ModuleNotFoundError: No module named \'ensurepip\'" >&2; exit 1;; esac\nexec "$REAL" "$@"',
    );
    expect(await detectPythons()).toEqual([]);
  });
});

describe('defaultDjango', () => {
  it('is 6.1 from Python 3.12 on, 5.2 LTS before, with the reason', () => {
    expect(defaultDjango('3.11').django).toBe('5.2');
    expect(defaultDjango('3.11').reason).toContain('Django 6.1 needs Python >= 3.12');
    for (const python of ['3.12', '3.13', '3.14'] as const) expect(defaultDjango(python).django).toBe('6.1');
  });
});
