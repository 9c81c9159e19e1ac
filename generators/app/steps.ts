import { join } from 'node:path';
import type { ProjectPlan } from './plan.js';
import { SECRET_FILES } from './manifest.js';
import { shellCommand, shellQuote } from './shell.js';
import { onPath } from './which.js';

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


/**
 * The first uv on PATH that runs in the project directory. A pyenv shim exists on PATH for a uv
 * installed in another Python version, and fails there once .python-version names this project's.
 */
async function findUv(directory: string): Promise<string | undefined> {
  const { execa } = await import('execa');
  for (const uv of onPath('uv')) {
    const probe = await execa(uv, ['--version'], { cwd: directory, reject: false, stdin: 'ignore' });
    if (probe.exitCode === 0) return uv;
  }
  return undefined;
}

/** Subprocesses of the current step, stopped before a cancelled run removes its files. */
const running = new Set<{ kill(signal?: NodeJS.Signals): boolean } & PromiseLike<unknown>>();

/** Stops the step's subprocesses and waits for them, so that none writes into what is removed next. */
export async function stopSubprocesses(): Promise<void> {
  const stopping = [...running];
  for (const subprocess of stopping) subprocess.kill('SIGTERM');
  const killLater = setTimeout(() => stopping.forEach((subprocess) => subprocess.kill('SIGKILL')), 3000);
  await Promise.allSettled(stopping);
  clearTimeout(killLater);
}

export interface Command {
  argv: string[];
  stdoutFile?: string;
  /** Written to the command's standard input. */
  input?: string;
}

/** Runs commands in the project directory, stopping at the first failure. Output is shown on failure. */
async function runAll(plan: ProjectPlan, commands: Command[], log: Log): Promise<string | undefined> {
  const { execa } = await import('execa');
  for (const { argv, stdoutFile, input } of commands) {
    const [file, ...args] = argv;
    log(`  $ ${shellCommand(argv)}${stdoutFile ? ` > ${shellQuote(stdoutFile)}` : ''}`);
    const subprocess = execa(file!, args, {
      cwd: plan.directory,
      reject: false,
      all: !stdoutFile,
      ...(input === undefined ? { stdin: 'ignore' as const } : { input }),
      ...(stdoutFile ? { stdout: { file: join(plan.directory, stdoutFile) } } : {}),
    });
    running.add(subprocess);
    const result = await subprocess.finally(() => running.delete(subprocess));
    if (result.failed && (result as { code?: string }).code === 'ENOENT') return `${file} was not found`;
    if (result.failed) {
      const output = (result.all ?? '').trim().split('\n').slice(-15).join('\n');
      return `"${[file, ...args].join(' ')}" failed (exit code ${result.exitCode ?? result.signal})${output ? `:\n${output}` : ''}`;
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

/** Lists `[project].dependencies` for pip, which cannot install them without building the project. */
const LIST_DEPENDENCIES =
  'import tomllib; print("\\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))';

/**
 * The commands of the generated Makefile's `setup` target: `uv sync` when uv is here; otherwise a
 * virtualenv and pip >= 25.1, which installs dependency groups from pyproject.toml.
 * A command may carry the file its output goes to.
 */
export function installCommands(plan: ProjectPlan, uv: string | undefined): Command[] {
  const python = plan.python?.path ?? `python${plan.answers.python}`;
  if (uv) return [{ argv: [uv, 'sync', '--python', python] }];
  const venvPython = join('.venv', 'bin', 'python');
  const requirements = join('.venv', 'requirements.txt');
  return [
    { argv: [python, '-m', 'venv', '.venv'] },
    { argv: [venvPython, '-m', 'pip', 'install', '--quiet', '--upgrade', 'pip>=25.1'] },
    { argv: [venvPython, '-c', LIST_DEPENDENCIES], stdoutFile: requirements },
    { argv: [venvPython, '-m', 'pip', 'install', '--quiet', '-r', requirements, '--group', 'dev'] },
  ];
}

export async function installStep(plan: ProjectPlan, log: Log): Promise<StepResult> {
  const uv = await findUv(plan.directory);
  log(uv ? 'Installing with uv...' : 'uv not found; installing with python -m venv and pip...');
  return timed('install', 'make setup', () => runAll(plan, installCommands(plan, uv), log));
}

/**
 * What the first commit holds: the files this run wrote, never a secret, a file of the user's or
 * anything else in the directory (`.venv` included), and nothing the directory's .gitignore ignores.
 */
async function filesToCommit(plan: ProjectPlan): Promise<string[]> {
  const { execa } = await import('execa');
  const written = [...plan.files.write.keys()].filter((path) => !SECRET_FILES.has(path));
  const ignored = await execa('git', ['check-ignore', '--stdin', '-z'], { cwd: plan.directory, input: written.join('\0'), reject: false });
  const skip = new Set(ignored.stdout.split('\0'));
  return written.filter((path) => !skip.has(path));
}

export async function gitStep(plan: ProjectPlan, log: Log): Promise<StepResult> {
  if (onPath('git').length === 0) return { step: 'git', seconds: 0, ok: false, why: 'git is not on PATH', later: 'git init && git add -A && git commit -m "Initial commit"' };
  const { execa } = await import('execa');
  const inside = await execa('git', ['rev-parse', '--is-inside-work-tree'], { cwd: plan.directory, reject: false });
  if (inside.exitCode === 0 && inside.stdout.trim() === 'true') {
    log('Already inside a git repository: not initialising another one.');
    return { step: 'git', seconds: 0, ok: true };
  }
  log('Initialising git...');
  return timed('git', 'git add -A && git commit -m "Initial commit"', async () => {
    const failed = await runAll(plan, [{ argv: ['git', 'init', '--quiet'] }], log);
    if (failed) return failed;
    const files = await filesToCommit(plan);
    return runAll(
      plan,
      [
        { argv: ['git', 'add', '--pathspec-from-file=-', '--pathspec-file-nul'], input: files.join('\0') },
        { argv: ['git', 'commit', '--quiet', '--message', `Initial commit from create-django-best-practice\n\n${plan.command}`] },
      ],
      log,
    );
  });
}
