// Benchmarks, reported as ratios against a reference measured in the same run:
//   1. generation: median wall time of the largest available preset (--no-install --no-git)
//      against `django-admin startproject`, interleaved round by round so that background load
//      hits both alike (target: at or below startproject, <= 1.0x);
//   2. time to a green generated test suite: generate + install (uv) + `make test`, against
//      a bare Django: venv + install Django + startproject + `manage.py test` (same uv cache);
//   3. footprint: the bundle the bin runs (target: under the 694 KiB it had before yeoman's commit
//      pipeline was dropped) and the packed package installed into an empty directory (target <= 10 MB).
// Usage: npm run bench [-- --rounds 21] [-- --green-rounds 3] [-- --skip-green]. Writes bench/results.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const rounds = option('--rounds', 15);
const skipGreen = args.includes('--skip-green');
const bin = join(root, 'dist', 'cli.js');
const DJANGO = '5.2.19';

function run(command, argv, options = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, argv, { encoding: 'utf8', ...options });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    throw new Error(`${command} ${argv.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return { seconds, stdout: result.stdout };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/** The preset that turns on the most features (today: full). */
function largestPreset() {
  const help = run('node', [bin, '--help']).stdout;
  const lines = help.split('\n').filter((line) => /^ {2}(minimal|api|full) /.test(line));
  const count = (line) => (line.match(/--(?!no-)[a-z]+(?: (?!-)\S+)?/g) ?? []).filter((f) => !/ none$/.test(f)).length;
  return lines.sort((a, b) => count(b) - count(a))[0].trim().split(/\s+/)[0];
}

run('node', [join(root, 'scripts', 'build.mjs')]);
const bundleBytes = statSync(bin).size;
const work = mkdtempSync(join(tmpdir(), 'cdbp-bench-'));
const venv = join(work, 'venv');
// The interpreter itself: a venv built on a pyenv shim would start every command through bash.
const python = run('python3', ['-c', 'import sys; print(sys.executable)']).stdout.trim();
run('uv', ['venv', '--quiet', '--python', python, venv]);
// Compiled like a pip install leaves it, even where PYTHONDONTWRITEBYTECODE is set (as on CI here).
run('uv', ['pip', 'install', '--quiet', '--compile-bytecode', '--python', join(venv, 'bin', 'python'), `django==${DJANGO}`]);
const djangoAdmin = join(venv, 'bin', 'django-admin');
const preset = largestPreset();

// 1. Generation vs startproject.
const generation = { startproject: [], generate: [] };
const arena = join(work, 'arena');
mkdirSync(arena);
const once = {
  startproject: () => run(djangoAdmin, ['startproject', 'reference'], { cwd: arena }).seconds,
  generate: () => run('node', [bin, 'my-shop', '--preset', preset, '--yes', '--no-install', '--no-git'], { cwd: arena }).seconds,
};
const clean = () => {
  rmSync(join(arena, 'reference'), { recursive: true, force: true });
  rmSync(join(arena, 'my-shop'), { recursive: true, force: true });
};
for (const measure of Object.values(once)) {
  clean();
  measure(); // warm-up: file cache, pyc files
}
for (let i = 0; i < rounds; i++) {
  for (const [name, measure] of Object.entries(once)) {
    clean();
    generation[name].push(measure());
  }
}
const startproject = median(generation.startproject);
const generate = median(generation.generate);

// 2. Time to a green test suite, as a user gets there: generate with the install step, then the
//    `make test` the next steps print (pytest with coverage, first run: no bytecode of the project
//    yet). Reference: a bare Django from the same uv cache, venv + install + startproject +
//    `manage.py test`. Interleaved, median of --green-rounds (default 3).
let green;
if (!skipGreen) {
  const greenRounds = option('--green-rounds', 3);
  const samples = { ours: [], render: [], install: [], test: [], reference: [] };
  let tests;
  for (let i = 0; i < greenRounds; i++) {
    const project = join(work, `green-${i}`);
    mkdirSync(project);
    const generated = run('node', [bin, 'shop', '--preset', preset, '--yes', '--no-git'], { cwd: project });
    const steps = /Steps: render ([\d.]+)s, install ([\d.]+)s/.exec(generated.stdout);
    const makeTest = run('make', ['test'], { cwd: join(project, 'shop') });
    tests = Number(/(\d+) passed/.exec(makeTest.stdout)?.[1]);
    samples.ours.push(generated.seconds + makeTest.seconds);
    samples.render.push(Number(steps?.[1]));
    samples.install.push(Number(steps?.[2]));
    samples.test.push(makeTest.seconds);
    const bare = join(work, `bare-${i}`);
    mkdirSync(bare);
    samples.reference.push(
      run('uv', ['venv', '--quiet', '--python', python, join(bare, '.venv')]).seconds +
        run('uv', ['pip', 'install', '--quiet', '--python', join(bare, '.venv', 'bin', 'python'), `django==${DJANGO}`]).seconds +
        run(join(bare, '.venv', 'bin', 'django-admin'), ['startproject', 'bare', join(bare)]).seconds +
        run(join(bare, '.venv', 'bin', 'python'), ['manage.py', 'test'], { cwd: bare }).seconds,
    );
  }
  const ours = median(samples.ours);
  const reference = median(samples.reference);
  green = {
    rounds: greenRounds,
    generated: ours,
    steps: { render: median(samples.render), install: median(samples.install), makeTest: median(samples.test) },
    tests,
    reference,
    ratio: ours / reference,
  };
}

// 3. Footprint of the installed package.
const pack = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], { cwd: root }).stdout)[0];
const consumer = join(work, 'consumer');
mkdirSync(consumer);
run('npm', ['init', '-y'], { cwd: consumer });
run('npm', ['install', '--no-audit', '--no-fund', join(work, pack.filename)], { cwd: consumer });
const installedBytes = Number(run('du', ['-sb', join(consumer, 'node_modules')]).stdout.split('\t')[0]);

const results = {
  date: new Date().toISOString(),
  node: process.version,
  rounds,
  preset,
  generation: { medianSeconds: generate, startprojectMedianSeconds: startproject, ratio: generate / startproject, target: 1.0 },
  timeToGreen: green,
  package: { bundleBytes, bundleTargetBytes: 694 * 1024, packedBytes: pack.size, unpackedBytes: pack.unpackedSize, installedBytes, targetBytes: 10 * 1024 * 1024 },
};
writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
rmSync(work, { recursive: true, force: true });

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
console.log(`| measure | ours | reference | ratio |
|---|---|---|---|
| generate \`--preset ${preset}\` (median of ${rounds}) | ${generate.toFixed(3)} s | startproject ${startproject.toFixed(3)} s | ${(generate / startproject).toFixed(2)}x (target <= 1.0x) |
${green ? `| time to green: generate + install + make test (${green.tests} tests; render ${green.steps.render.toFixed(2)} s, install ${green.steps.install.toFixed(1)} s, make test ${green.steps.makeTest.toFixed(1)} s) | ${green.generated.toFixed(1)} s | bare Django ${green.reference.toFixed(1)} s | ${green.ratio.toFixed(2)}x |\n` : ''}| bundle dist/cli.js | ${(bundleBytes / 1024).toFixed(0)} KiB | before: 694 KiB | ${(bundleBytes / (694 * 1024)).toFixed(2)}x |
| installed package | ${mb(installedBytes)} (packed ${mb(pack.size)}) | budget 10 MB | ${(installedBytes / (10 * 1024 * 1024)).toFixed(2)} of budget |`);
