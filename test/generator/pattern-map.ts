/**
 * The part of a generated README that describes what the project has: the README without what its
 * pattern map says is left out (a "not generated" row, whose title names the question; a
 * "`--celery` adds ..." sentence), which names the features an option would bring.
 */
export function readmeWithoutAbsentPatterns(readme: string): string {
  return readme
    .split('\n')
    .filter((line) => !/^\| Q\d+ \| [^|]+ \| not generated\b/.test(line))
    .map((line) => (/^\| Q\d+ \|/.test(line) ? line.replace(/`--[\w-]+(?: \w+)?` adds\b.*$/, '') : line))
    .join('\n');
}
