import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
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

describe('defaultDjango', () => {
  it('is 6.1 from Python 3.12 on, 5.2 LTS before, with the reason', () => {
    expect(defaultDjango('3.11').django).toBe('5.2');
    expect(defaultDjango('3.11').reason).toContain('Django 6.1 needs Python >= 3.12');
    for (const python of ['3.12', '3.13', '3.14'] as const) expect(defaultDjango(python).django).toBe('6.1');
  });
});
