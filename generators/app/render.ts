import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import { manifest } from './manifest.js';
import type { Answers } from './schema.js';

/** The package root: the nearest ancestor holding `templates/` (works from sources and from the bundle). */
export const packageRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'templates')) || !existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('create-django-best-practice: cannot find its templates/ directory');
    dir = parent;
  }
  return dir;
})();

export const templatesDir = join(packageRoot, 'templates');

export const generatorVersion: string = (
  JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }
).version;

/** Everything a template can use: the answers plus values computed once per project. */
export interface TemplateContext extends Answers {
  teaching: boolean;
  secretKey: string;
  generatorVersion: string;
  command: string;
}

/** Characters that no .env parser or `source .env` in a shell treats specially. */
const SECRET_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=+@%^';

/** A random 50-character key (about 300 bits), like Django's get_random_secret_key(). */
export function secretKey(): string {
  // 256 is not a multiple of the alphabet's length: redraw the high bytes so every character is equally likely.
  const limit = 256 - (256 % SECRET_ALPHABET.length);
  const key: string[] = [];
  while (key.length < 50) {
    for (const byte of randomBytes(64)) {
      if (byte < limit && key.length < 50) key.push(SECRET_ALPHABET[byte % SECRET_ALPHABET.length]!);
    }
  }
  return key.join('');
}

export function templateContext(answers: Answers, command: string): TemplateContext {
  return { ...answers, teaching: answers.comments === 'teaching', secretKey: secretKey(), generatorVersion, command };
}

/** `__slug__/users/models.py.ejs` -> `my_shop/users/models.py`; `dot-gitignore.ejs` -> `.gitignore`. */
export function outputPath(template: string, slug: string): string {
  return template
    .replace(/\.ejs$/, '')
    .split('/')
    .map((part) => part.replace(/^dot-/, '.').replace(/^__slug__$/, slug))
    .join('/');
}

/** The templates these answers write, in manifest order. */
function selectTemplates(answers: Answers): string[] {
  return manifest.filter((group) => group.when?.(answers) ?? true).flatMap((group) => group.templates);
}

/** Compiled templates by path: compiling is most of the cost of rendering, and a template is the same for every project. */
const compiled = new Map<string, (context: TemplateContext) => string>();

function compiledTemplate(template: string): (context: TemplateContext) => string {
  let render = compiled.get(template);
  if (!render) {
    const filename = join(templatesDir, template);
    render = ejs.compile(readFileSync(filename, 'utf8'), { filename, async: false }) as (context: TemplateContext) => string;
    compiled.set(template, render);
  }
  return render;
}

/** Renders one template (a path under templates/) in memory. */
export function renderTemplate(template: string, context: TemplateContext): string {
  return compiledTemplate(template)(context);
}

/** Renders every selected template in memory: output path -> content. Writes nothing. */
export function renderProject(context: TemplateContext): Map<string, string> {
  const files = new Map<string, string>();
  for (const template of selectTemplates(context)) files.set(outputPath(template, context.slug), compiledTemplate(template)(context));
  return files;
}
