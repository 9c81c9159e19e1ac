import Generator, { type BaseOptions } from 'yeoman-generator';
import type { Given } from './answers.js';
import { planProject, type ProjectPlan } from './plan.js';
import { detectPythons, type PythonInstall } from './python.js';
import { type RunOptions, runDefaults } from './schema.js';
import { gitStep, installStep, type StepResult, stopSubprocesses } from './steps.js';
import { SECRET_FILES } from './manifest.js';
import { cdCommand } from './shell.js';
import { Transaction } from './target.js';

/** The signals that roll a run back, with the numbers its exit code is made from (128 + n). */
const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

export type AppOptions = BaseOptions & {
  /** The CLI's validated, rendered plan; without one, the generator makes it from the options below. */
  plan?: ProjectPlan;
  /** Target directory, relative to the current directory. */
  directory?: string;
  /** Answers from flags or prompts; everything else comes from the preset and computed defaults. */
  given?: Given;
  name?: string;
  run?: Partial<Omit<RunOptions, 'yes' | 'dryRun'>>;
  /** Interpreters found by the CLI, to avoid probing twice. */
  pythons?: PythonInstall[];
  /** Set by the CLI when the answers came from prompts: the run then ends with the one-shot command. */
  interactive?: boolean;
};

/** Generates the project. The CLI resolves flags and prompts; this class validates and writes. */
export default class AppGenerator extends Generator<Record<string, unknown>, AppOptions> {
  private plan!: ProjectPlan;
  private transaction!: Transaction;
  private runOptions!: RunOptions;
  private readonly timings: StepResult[] = [];
  /** 1 when a requested install failed (the project itself is complete and kept), else 0. */
  exitCode = 0;
  private cancelling = false;
  /**
   * Ctrl-C, a termination (CI cancellation, `timeout`, `docker stop`) and a closed terminal all roll
   * back. Stays registered until the run ends (not `once`): execa's signal-exit re-raises the signal,
   * killing the process mid-cleanup, when it finds no other listener. A second signal exits at once.
   */
  private readonly onSignal = async (signal: NodeJS.Signals): Promise<void> => {
    const code = 128 + (SIGNAL_NUMBERS[signal] ?? 2);
    if (this.cancelling) process.exit(code);
    this.cancelling = true;
    await stopSubprocesses();
    try {
      this.transaction?.rollback();
      process.stderr.write(`\n${signal === 'SIGINT' ? 'Cancelled' : `Stopped by ${signal}`}: removed everything this run had created.\n`);
    } catch (error) {
      process.stderr.write(`\nStopped by ${signal}, but could not remove everything this run created: ${(error as Error).message}\n`);
    }
    process.exit(code);
  };

  /** An arrow property, like `rollback`: yeoman would queue a method as a task. */
  private readonly listen = (on: boolean): void => {
    for (const signal of Object.keys(SIGNAL_NUMBERS) as NodeJS.Signals[]) {
      if (on) process.on(signal, this.onSignal);
      else process.removeListener(signal, this.onSignal);
    }
  };

  /**
   * Removes what this run created, after a failure, and says how that went: a line to print after
   * the failure, never instead of it. An instance property, not a method: yeoman would queue a
   * public method as a task.
   */
  readonly rollback = (): string => {
    this.listen(false);
    try {
      this.transaction?.rollback();
      return 'Generation failed: removed everything this run had created.';
    } catch (error) {
      return `Generation failed, and removing what this run had created failed too: ${(error as Error).message}`;
    }
  };

  constructor(...[args, options, features]: ConstructorParameters<typeof Generator>) {
    // The install step is ours (uv or pip, see steps.ts): yeoman's npm install must never run.
    // So is the commit: `writing` creates the files itself, so yeoman's mem-fs commit has nothing to do.
    super(args, options, { ...features, customInstallTask: true, customCommitTask: true });
  }

  async initializing(): Promise<void> {
    this.runOptions = { ...runDefaults(), ...this.options.run };
    this.plan =
      this.options.plan ??
      planProject({
        directory: this.options.directory ?? '.',
        name: this.options.name,
        given: this.options.given ?? {},
        pythons: this.options.pythons ?? (await detectPythons()),
        force: this.runOptions.force,
        cwd: this.env.cwd,
        interactive: this.options.interactive ?? false,
      });
    this.transaction = new Transaction(this.plan.directory, this.plan.target);
    this.timings.push({ step: 'render', seconds: this.plan.renderSeconds, ok: true });
    this.listen(true);
  }

  /**
   * Files are rendered already (the plan); they are created here directly rather than through
   * yeoman's in-memory editor, whose commit overwrites by default: a path is only ever created,
   * and a secret is readable by its owner alone.
   */
  writing(): void {
    const written = [...this.plan.files.write.keys()];
    for (const path of written) this.transaction.create(path, this.plan.files.write.get(path)!, SECRET_FILES.has(path) ? 0o600 : 0o644);
    if (this.runOptions.verbose) for (const path of written) this.log(`  create ${path}`);
    else this.log(`Wrote ${written.length} files${written.length > 0 ? ' (--verbose lists them)' : ''}.`);
  }

  async install(): Promise<void> {
    this.transaction.publish();
    this.destinationRoot(this.plan.directory);
    if (!this.runOptions.install) return;
    if (!this.transaction.claim('.venv')) {
      this.timings.push({ step: 'install', seconds: 0, ok: false, why: 'a .venv of yours is already there and was left alone', later: 'make setup' });
      return;
    }
    this.timings.push(await installStep(this.plan, (line) => this.log(line)));
  }

  async end(): Promise<void> {
    if (this.runOptions.git) {
      this.transaction.claim('.git');
      this.timings.push(await gitStep(this.plan, (line) => this.log(line)));
    }
    this.transaction.finish();
    this.listen(false);
    this.log(nextSteps(this.plan, this.timings));
    // A failed git step is a warning: the project is complete, and the summary says what to run.
    if (this.timings.some((t) => t.step === 'install' && t.failed)) this.exitCode = 1;
  }
}

function nextSteps(plan: ProjectPlan, timings: StepResult[]): string {
  const lines = [''];
  if (plan.files.skipped.length > 0) {
    lines.push(`Kept ${plan.files.skipped.length} existing file(s) instead of the generated version:`);
    for (const path of plan.files.skipped) lines.push(`  ${path}`);
    lines.push('');
  }
  lines.push(`Created ${plan.answers.name} in ${plan.directory}`);
  lines.push(`Steps: ${timings.map((t) => `${t.step} ${t.seconds.toFixed(2)}s${t.ok ? '' : ' (failed)'}`).join(', ')}`);
  for (const t of timings) {
    if (t.ok || !t.later) continue;
    if (!t.failed) lines.push(`  ${t.step} did not run: ${t.why}. Later: ${t.later}`);
    else if (t.step === 'install') {
      lines.push(`  install failed: ${t.why}`);
      lines.push(`  ${t.removed ? `Removed the half-made ${t.removed}; the` : 'The'} project itself is complete. Fix the cause, then run: ${t.later}`);
    } else lines.push(`  ${t.step} failed: ${t.why}.${t.removed ? ` Removed the half-made ${t.removed}.` : ''} Later: ${t.later}`);
  }
  lines.push('', 'Next steps:');
  if (plan.relativeDirectory !== '.') lines.push(`  ${cdCommand(plan.relativeDirectory)}`);
  if (!timings.some((t) => t.step === 'install' && t.ok)) lines.push('  make setup');
  lines.push('  make dev     # http://127.0.0.1:8000/health/', '  make test');
  lines.push('  make superuser  # then sign in at http://127.0.0.1:8000/admin/');
  if (plan.interactiveCommand) lines.push('', `To skip the prompts next time: ${plan.interactiveCommand}`);
  return lines.join('\n');
}
