// Every ```tsx block in README.md, docs/*.md and the Storybook docs pages (stories/**/*.mdx)
// compiles as it stands, against the built package (dist/, resolved through package.json's
// exports as an app resolves it) under strict TypeScript: a reader copies a block whole, so its
// imports are in it and its placeholders are declared in it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const workDir = join(root, 'node_modules/.cache/rtckit-snippets');

const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`),
  ...readdirSync(join(root, 'stories'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.mdx'))
    .map((file) => `stories/${file}`),
];

interface Snippet {
  readonly name: string;
  readonly page: string;
  readonly line: number;
  readonly code: string;
}

/** The ```tsx blocks of a page, indented ones (in a list) too, with the line each starts on. */
function snippetsOf(page: string): Snippet[] {
  const text = readFileSync(join(root, page), 'utf8');
  return [...text.matchAll(/^([ \t]*)```tsx[^\n]*\n([\s\S]*?)^\1```/gm)].map((match, index) => {
    const indent = match[1]!;
    return {
      name: `${page}#${index + 1}`,
      page,
      line: text.slice(0, match.index).split('\n').length + 1,
      code: match[2]!
        .split('\n')
        .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
        .join('\n'),
    };
  });
}

const snippets = pages.flatMap(snippetsOf);

/** The newest modification time of any file under a directory. */
function newest(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((file) => statSync(join(dir, file)).mtimeMs),
  );
}

/** Builds dist/ when it is missing or older than src/ (a stale build would check old types). */
function ensureBuilt(): void {
  let built = 0;
  try {
    built = statSync(join(root, 'dist/index.d.ts')).mtimeMs;
  } catch {
    // not built yet
  }
  if (built > newest(join(root, 'src'))) return;
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
  expect(build.status, build.stdout + build.stderr).toBe(0);
}

let diagnostics = new Map<string, string[]>();

beforeAll(() => {
  ensureBuilt();
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(join(workDir, 'node_modules'), { recursive: true });
  // `rtckit` is this package, as npm would install it: found through its package.json.
  symlinkSync(root, join(workDir, 'node_modules/rtckit'), 'dir');
  const files = snippets.map((snippet, index) => {
    const file = join(workDir, `snippet-${index}.tsx`);
    writeFileSync(file, snippet.code);
    return file;
  });
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    moduleDetection: ts.ModuleDetectionKind.Force,
    jsx: ts.JsxEmit.ReactJSX,
    skipLibCheck: true,
    // Only what a block imports: no ambient test globals (`it`, `vi`) from @types.
    types: [],
  });
  diagnostics = new Map(
    files.map((file, index) => [
      snippets[index]!.name,
      ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((diagnostic) => {
        const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
        const snippet = snippets[index]!;
        return `${snippet.page}:${snippet.line + line}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
      }),
    ]),
  );
}, 300_000);

// The link back to this package would otherwise leave a cycle under node_modules for other tools.
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('code blocks in the docs', () => {
  it('finds them', () => {
    expect(snippets.length).toBeGreaterThan(20);
    expect(relative(root, workDir)).toBe('node_modules/.cache/rtckit-snippets');
  });

  it.each(snippets.map((snippet) => snippet.name))('%s compiles as it stands', (name) => {
    expect(diagnostics.get(name)).toEqual([]);
  });
});
