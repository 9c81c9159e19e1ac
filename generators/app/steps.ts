import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { ProjectPlan } from './plan.js';

export interface StepResult {
  step: string;
  seconds: number;
  ok: boolean;
  /** Why it did not run or failed. */
  why?: string;
  /** The command to run later by hand. */
  later?: string;
}

type Log = (line: string) => void;

function which(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, command))) return join(dir, command);
  }
  return undefined;
}

/** Runs commands in the project directory, stopping at the first failure. Output is shown on failure. */
async function runAll(plan: ProjectPlan, commands: string[][], log: Log): Promise<string | undefined> {
  const { execa } = await import('execa');
  for (const [file, ...args] of commands) {
    log(`  $ ${[file, ...args].join(' ')}`);
    const result = await execa(file!, args, { cwd: plan.directory, reject: false, all: true, stdin: 'ignore' });
    if (result.failed) {
      const output = (result.all ?? '').trim().split('\n').slice(-15).join('\n');
      return `"${[file, ...args].join(' ')}" failed (${result.exitCode ?? result.signal})${output ? `:\n${output}` : ''}`;
    }
  }
  return undefined;
}

async function timed(step: string, later: string, body: () => Promise<string | undefined>): Promise<StepResult> {
  const started = performance.now();
  const why = await body();
  const seconds = (performance.now() - started) / 1000;
  return why ? { step, seconds, ok: false, why, later } : { step, seconds, ok: true };
}

/**
 * The commands `make setup` runs: `uv sync` when uv is here; otherwise a virtualenv and pip
 * (pip >= 25.1 installs dependency groups from pyproject.toml).
 */
export function installCommands(plan: ProjectPlan, uv: string | undefined): string[][] {
  const python = plan.python?.path ?? `python${plan.answers.python}`;
  if (uv) return [[uv, 'sync', '--python', python]];
  const venvPython = join('.venv', 'bin', 'python');
  return [
    [python, '-m', 'venv', '.venv'],
    [venvPython, '-m', 'pip', 'install', '--quiet', '--upgrade', 'pip'],
    [venvPython, '-m', 'pip', 'install', '--quiet', '--group', 'dev', '--group', 'runtime'],
  ];
}

export async function installStep(plan: ProjectPlan, log: Log): Promise<StepResult> {
  const uv = which('uv');
  log(uv ? 'Installing with uv...' : 'uv not found; installing with python -m venv and pip...');
  return timed('install', 'make setup', () => runAll(plan, installCommands(plan, uv), log));
}

export async function gitStep(plan: ProjectPlan, log: Log): Promise<StepResult> {
  if (!which('git')) return { step: 'git', seconds: 0, ok: false, why: 'git is not on PATH', later: 'git init && git add -A && git commit -m "Initial commit"' };
  const { execa } = await import('execa');
  const inside = await execa('git', ['rev-parse', '--is-inside-work-tree'], { cwd: plan.directory, reject: false });
  if (inside.exitCode === 0 && inside.stdout.trim() === 'true') {
    log('Already inside a git repository: not initialising another one.');
    return { step: 'git', seconds: 0, ok: true };
  }
  log('Initialising git...');
  return timed('git', 'git add -A && git commit -m "Initial commit"', () =>
    runAll(
      plan,
      [
        ['git', 'init', '--quiet'],
        ['git', 'add', '--all'],
        ['git', 'commit', '--quiet', '--message', `Initial commit from create-django-best-practice\n\n${plan.command}`],
      ],
      log,
    ),
  );
}
