import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectPlan } from './plan.js';
import { SECRET_FILES } from './manifest.js';
import { shellCommand, shellQuote } from './shell.js';
import { onPath } from './which.js';

export interface StepResult {
  step: string;
  seconds: number;
  ok: boolean;
  /** Whether it ran and failed (else, when not ok, a tool it needs is missing). */
  failed?: boolean;
  /** Why it did not run or failed: the failing command's own error. */
  why?: string;
  /** What this run removed after the failure, e.g. ".venv". */
  removed?: string;
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

interface Failure {
  argv: string[];
  /** "was not found", or "failed (exit code 2)". */
  status: string;
  /** The command's own output (stdout and stderr), trimmed. */
  output: string;
}

/** Runs commands in the project directory, stopping at the first failure, which it returns. */
async function runAll(plan: ProjectPlan, commands: Command[], log: Log): Promise<Failure | undefined> {
  const { execa } = await import('execa');
  for (const { argv, stdoutFile, input } of commands) {
    const [file, ...args] = argv;
    log(`  $ ${shellCommand(argv)}${stdoutFile ? ` > ${shellQuote(stdoutFile)}` : ''}`);
    const subprocess = execa(file!, args, {
      cwd: plan.directory,
      reject: false,
      all: true,
      ...(input === undefined ? { stdin: 'ignore' as const } : { input }),
      ...(stdoutFile ? { stdout: { file: join(plan.directory, stdoutFile) } } : {}),
    });
    running.add(subprocess);
    const result = await subprocess.finally(() => running.delete(subprocess));
    if (result.failed && (result as { code?: string }).code === 'ENOENT') return { argv, status: 'was not found', output: '' };
    if (result.failed) return { argv, status: `failed (exit code ${result.exitCode ?? result.signal})`, output: (result.all ?? '').trim() };
  }
  return undefined;
}

/**
 * Runs a step that creates `created` in the project. After a failure, removes it when this step
 * made it, so that a half-made .venv or .git is never left behind.
 */
async function step(
  plan: ProjectPlan,
  name: string,
  created: string,
  later: string,
  body: () => Promise<Failure | undefined>,
  why: (failure: Failure) => string,
): Promise<StepResult> {
  const started = performance.now();
  const path = join(plan.directory, created);
  const existed = existsSync(path);
  const failure = await body();
  const seconds = (performance.now() - started) / 1000;
  if (!failure) return { step: name, seconds, ok: true };
  const removed = !existed && existsSync(path) ? created : undefined;
  if (removed) rmSync(path, { recursive: true, force: true, maxRetries: 3 });
  return { step: name, seconds, ok: false, failed: true, why: why(failure), removed, later };
}

/** The first line of a command's output and its last "fatal:" or "error:" line, as one line. */
function oneLine(output: string): string {
  const lines = output.split('\n').map((line) => line.trim()).filter(Boolean);
  const last = lines.filter((line) => /^(fatal|error):/i.test(line)).at(-1);
  return [...new Set([lines[0], last].filter((line): line is string => line !== undefined))].join('; ');
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
  const python = `python${plan.answers.python}`;
  const missing = (argv: string[]): string =>
    !uv && !plan.python && argv[0] === python ? ` (Python ${plan.answers.python} is not installed here)` : '';
  const why = ({ argv, status, output }: Failure): string => {
    const head = `${output ? `"${shellCommand(argv)}"` : argv[0]} ${status}${missing(argv)}`;
    // The last lines of the command's own output: the error is at the end, after any progress.
    const tail = output.split('\n').slice(-15).map((line) => `    ${line}`);
    return output ? [`${head}:`, ...tail].join('\n') : head;
  };
  return step(plan, 'install', '.venv', 'make setup', () => runAll(plan, installCommands(plan, uv), log), why);
}

/**
 * What the first commit holds: the files this run wrote, never a secret, a file of the user's or
 * anything else in the directory (`.venv` included), and nothing the directory's .gitignore ignores.
 */
const LOCK_FILE = 'uv.lock';

async function filesToCommit(plan: ProjectPlan): Promise<string[]> {
  const { execa } = await import('execa');
  const written = [...plan.files.write.keys()].filter((path) => !SECRET_FILES.has(path));
  // The lock `uv sync` just wrote: the CI workflow installs with `uv sync --locked`. A lock of the user's stays theirs.
  if (!plan.target.entries.includes(LOCK_FILE) && existsSync(join(plan.directory, LOCK_FILE))) written.push(LOCK_FILE);
  const ignored = await execa('git', ['check-ignore', '--stdin', '-z'], { cwd: plan.directory, input: written.join('\0'), reject: false });
  const skip = new Set(ignored.stdout.split('\0'));
  return written.filter((path) => !skip.has(path));
}

const GIT_LATER = 'git init && git add -A && git commit -m "Initial commit"';

export async function gitStep(plan: ProjectPlan, log: Log): Promise<StepResult> {
  if (onPath('git').length === 0) return { step: 'git', seconds: 0, ok: false, why: 'git is not on PATH', later: GIT_LATER };
  const { execa } = await import('execa');
  const inside = await execa('git', ['rev-parse', '--is-inside-work-tree'], { cwd: plan.directory, reject: false });
  if (inside.exitCode === 0 && inside.stdout.trim() === 'true') {
    log('Already inside a git repository: not initialising another one.');
    return { step: 'git', seconds: 0, ok: true };
  }
  log('Initialising git...');
  const why = ({ argv, status, output }: Failure): string => `${argv.slice(0, 2).join(' ')} ${status}${output ? `: ${oneLine(output)}` : ''}`;
  return step(
    plan,
    'git',
    '.git',
    GIT_LATER,
    async () =>
      (await runAll(plan, [{ argv: ['git', 'init', '--quiet'] }], log)) ??
      runAll(
        plan,
        [
          { argv: ['git', 'add', '--pathspec-from-file=-', '--pathspec-file-nul'], input: (await filesToCommit(plan)).join('\0') },
          // Two paragraphs, as two --message: the echoed command stays on one line.
          { argv: ['git', 'commit', '--quiet', '--message', 'Initial commit from create-django-best-practice', '--message', plan.command] },
        ],
        log,
      ),
    why,
  );
}
