import { mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { build } from '../scripts/build.mjs';

const SCHEMATHESIS = '4.32.5';

/** A uv that runs outside any pyenv-pinned directory, installed into a cached virtualenv if needed. */
async function ensureUv(): Promise<void> {
  const probeDir = mkdtempSync(join(tmpdir(), 'cdbp-uv-'));
  const works = async (uv: string): Promise<boolean> =>
    (await execa(uv, ['--version'], { cwd: probeDir, reject: false })).exitCode === 0;
  const tools = process.env.CDBP_TOOLS_DIR ?? join(homedir(), '.cache', 'create-django-best-practice', 'tools');
  const toolsUv = join(tools, 'bin', 'uv');
  if (!(await works(toolsUv))) {
    await execa('python3', ['-m', 'venv', tools]);
    await execa(join(tools, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', 'uv']);
  }
  // An OpenAPI fuzzer we did not write, run against generated APIs by the end-to-end suite.
  const schemathesis = join(tools, 'bin', 'st');
  const installed = await execa(schemathesis, ['--version'], { reject: false });
  if (!installed.stdout?.includes(SCHEMATHESIS)) {
    await execa(join(tools, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS}`]);
  }
  process.env.CDBP_SCHEMATHESIS = schemathesis;
  rmSync(probeDir, { recursive: true, force: true });
  // First on PATH for every test worker: a pyenv shim for uv fails in projects pinned to another Python.
  process.env.PATH = `${join(tools, 'bin')}${delimiter}${process.env.PATH ?? ''}`;
  process.env.UV_PYTHON_DOWNLOADS ??= 'never';
}

/** The CLI tests spawn the bundle users run, so it is rebuilt from the sources first. */
export default async function setup(): Promise<void> {
  await Promise.all([build(), ensureUv()]);
}
