// `npm run names:update`: rewrites generators/app/data/dependency-names.json, the import names of
// everything a generated project installs, which names.ts refuses as project names.
//
// It renders pyproject.toml for every option combination the schema allows, installs each distinct
// pinned requirement list with uv for the Python it targets, on Linux, macOS and Windows (markers
// pull in platform-only packages, e.g. colorama with pytest on Windows), and reads the top-level
// modules of every installed distribution. `uv pip install --target --python-version
// --python-platform` installs for an interpreter or platform this machine lacks, so every
// supported Python counts. Needs uv and python3 on PATH (or the uv the tests install) and PyPI.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const output = join(root, 'generators/app/data/dependency-names.json');
// macOS on Apple silicon, at the release daphne's autobahn has wheels for (macOS 15): uv would
// otherwise build autobahn's sdist for a Mac, which fails on Linux (its build imports cffi).
const PLATFORMS = ['linux', 'aarch64-apple-darwin', 'windows'];
const PLATFORM_ENV = { 'aarch64-apple-darwin': { MACOSX_DEPLOYMENT_TARGET: '15.0' } };

/** The TypeScript that renders the templates, bundled next to node_modules (render.ts finds templates/ from there). */
async function loadDependencies() {
  const cache = join(root, 'node_modules/.cache/create-django-best-practice');
  mkdirSync(cache, { recursive: true });
  const outfile = join(cache, 'dependencies.mjs');
  await esbuild.build({
    entryPoints: [join(root, 'generators/app/dependencies.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  return import(`${pathToFileURL(outfile).href}?${Date.now()}`);
}

async function findUv() {
  const tools = process.env.CDBP_TOOLS_DIR ?? join(homedir(), '.cache', 'create-django-best-practice', 'tools');
  for (const uv of ['uv', join(tools, 'bin', 'uv')]) {
    try {
      await run(uv, ['--version']);
      return uv;
    } catch {
      // Not this one.
    }
  }
  throw new Error('uv not found: install it (pip install uv), or run the tests once to install it.');
}

/** Runs `jobs` two at a time (the machine is shared). */
async function inParallel(jobs, limit = 2) {
  const results = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await jobs[index]();
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

/**
 * Drops each list that another list for the same Python contains: pins are exact, so installing the
 * larger list brings in every distribution the smaller one would.
 */
function largest(sets) {
  const contains = (big, small) => big !== small && big.python === small.python && small.requirements.every((r) => big.requirements.includes(r));
  return sets.filter((set) => !sets.some((other) => contains(other, set) && (other.requirements.length > set.requirements.length || sets.indexOf(other) < sets.indexOf(set))));
}

const { requirementSets, allRequirements } = await loadDependencies();
const sets = requirementSets();
const uv = await findUv();
const work = mkdtempSync(join(tmpdir(), 'cdbp-names-'));
try {
  const jobs = largest(sets).flatMap((set, index) =>
    PLATFORMS.map((platform) => async () => {
      const target = join(work, `${index}-${set.python}-${platform}`);
      const requirements = `${target}.txt`;
      writeFileSync(requirements, `${set.requirements.join('\n')}\n`);
      const args = ['pip', 'install', '--quiet', '--no-config', '--target', target, '--python-version', set.python, '--python-platform', platform, '-r', requirements];
      await run(uv, args, { maxBuffer: 64 << 20, env: { ...process.env, ...PLATFORM_ENV[platform] } }).catch((error) => {
        throw new Error(`uv ${args.join(' ')} failed:\n${error.stderr || error.message}`);
      });
      const { stdout } = await run('python3', [join(root, 'scripts/import-names.py'), target], { maxBuffer: 64 << 20 });
      console.error(`Python ${set.python} on ${platform}: ${set.requirements.length} pinned requirements`);
      return JSON.parse(stdout);
    }),
  );
  const names = new Map();
  for (const installed of await inParallel(jobs)) {
    for (const [distribution, modules] of Object.entries(installed)) {
      for (const module of modules) names.set(module, new Set([...(names.get(module) ?? []), distribution]));
    }
  }
  const data = {
    source:
      'Written by `npm run names:update` (scripts/dependency-names.mjs): the top-level import names of every ' +
      'distribution that installing the pinned requirements below brings in, for each Python and on Linux, macOS ' +
      'and Windows, with the distributions providing each name. Do not edit by hand.',
    pythons: [...new Set(sets.map((set) => set.python))].sort(),
    platforms: PLATFORMS,
    requirements: allRequirements(sets),
    names: Object.fromEntries([...names.keys()].sort().map((name) => [name, [...names.get(name)].sort()])),
  };
  writeFileSync(output, `${JSON.stringify(data, null, 1)}\n`);
  console.error(`${Object.keys(data.names).length} import names from ${data.requirements.length} requirements -> ${output}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
