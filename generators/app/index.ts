import Generator, { type BaseOptions } from 'yeoman-generator';
import type { Given } from './answers.js';
import { planProject, type ProjectPlan } from './plan.js';
import { detectPythons, type PythonInstall } from './python.js';
import { type RunOptions, runDefaults } from './schema.js';
import { gitStep, installStep, type StepResult, stopSubprocesses } from './steps.js';
import { checkTarget, Transaction } from './target.js';

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
  private cancelling = false;
  /**
   * Stays registered until the run ends (not `once`): execa's signal-exit re-raises SIGINT, killing
   * the process mid-cleanup, when it finds no other listener. A second Ctrl-C exits at once.
   */
  private readonly onSigint = async (): Promise<void> => {
    if (this.cancelling) process.exit(130);
    this.cancelling = true;
    await stopSubprocesses();
    try {
      this.transaction?.rollback();
      process.stderr.write('\nCancelled: removed everything this run had created.\n');
    } catch (error) {
      process.stderr.write(`\nCancelled, but could not remove everything this run created: ${(error as Error).message}\n`);
    }
    process.exit(130);
  };

  /**
   * Removes what this run created, after a failure, and says how that went: a line to print after
   * the failure, never instead of it. An instance property, not a method: yeoman would queue a
   * public method as a task.
   */
  readonly rollback = (): string => {
    process.removeListener('SIGINT', this.onSigint);
    try {
      this.transaction?.rollback();
      return 'Generation failed: removed everything this run had created.';
    } catch (error) {
      return `Generation failed, and removing what this run had created failed too: ${(error as Error).message}`;
    }
  };

  constructor(...[args, options, features]: ConstructorParameters<typeof Generator>) {
    // The install step is ours (uv or pip, see steps.ts): yeoman's npm install must never run.
    super(args, options, { ...features, customInstallTask: true });
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
    this.transaction = new Transaction(this.plan.directory, checkTarget(this.plan.directory, this.runOptions.force));
    this.timings.push({ step: 'render', seconds: this.plan.renderSeconds, ok: true });
    process.on('SIGINT', this.onSigint);
    this.destinationRoot(this.transaction.writeRoot);
  }

  writing(): void {
    this.transaction.recordCreates(this.plan.files.write.keys());
    for (const [path, content] of this.plan.files.write) this.fs.write(this.destinationPath(path), content);
  }

  async install(): Promise<void> {
    this.transaction.publish();
    this.destinationRoot(this.plan.directory);
    if (!this.runOptions.install) return;
    this.transaction.recordCreates(['.venv']);
    this.timings.push(await installStep(this.plan, (line) => this.log(line)));
  }

  async end(): Promise<void> {
    if (this.runOptions.git) {
      this.transaction.recordCreates(['.git']);
      this.timings.push(await gitStep(this.plan, (line) => this.log(line)));
    }
    this.transaction.finish();
    process.removeListener('SIGINT', this.onSigint);
    this.log(nextSteps(this.plan, this.timings));
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
  for (const t of timings) if (!t.ok && t.later) lines.push(`  ${t.step} did not run: ${t.why}. Later: ${t.later}`);
  lines.push('', 'Next steps:');
  if (plan.relativeDirectory !== '.') lines.push(`  cd ${plan.relativeDirectory}`);
  if (!timings.some((t) => t.step === 'install' && t.ok)) lines.push('  make setup');
  lines.push('  make dev     # http://127.0.0.1:8000/health/', '  make test');
  if (plan.interactiveCommand) lines.push('', `To skip the prompts next time: ${plan.interactiveCommand}`);
  return lines.join('\n');
}
