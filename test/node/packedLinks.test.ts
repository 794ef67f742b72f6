// The README and docs inside the published package are read in node_modules and on the registry's
// page, where a relative link to a file the tarball does not hold (examples/, bench/, stories/)
// leads nowhere. Such files are linked by their address in the repository instead.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
  repository: { url: string };
  homepage: string;
  bugs: { url: string };
};
const repository = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

/** The files `npm pack` puts in the tarball (dist/ only when built; its absence changes no link). */
function packedFiles(): string[] {
  const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
  expect(pack.status, pack.stderr).toBe(0);
  return (JSON.parse(pack.stdout) as [{ files: { path: string }[] }])[0].files.map((file) => file.path);
}

/** Every Markdown link target in a file: `[text](target)` and `[text](target "title")`. */
const linksIn = (markdown: string): string[] =>
  [...markdown.matchAll(/\]\((<[^>]+>|[^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1]!.replace(/^<|>$/g, ''));

describe('the packed README and docs', () => {
  const files = packedFiles();
  const markdown = files.filter((file) => file.endsWith('.md'));

  it('ship the README and the docs it links', () => {
    expect(markdown).toEqual(expect.arrayContaining(['README.md', 'CHANGELOG.md', 'docs/signaling-close-codes.md']));
  });

  it.each(markdown)('%s links only files in the tarball, or absolute addresses', (file) => {
    const dead = linksIn(readFileSync(`${root}${file}`, 'utf8'))
      .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'))
      .map((target) => posix.normalize(posix.join(posix.dirname(file), target.replace(/[#?].*$/, ''))))
      .filter(
        (target) => !files.some((packed) => packed === target || packed.startsWith(`${target.replace(/\/$/, '')}/`)),
      );
    expect(dead).toEqual([]);
  });

  it.each(markdown)('%s links the repository at the address package.json gives', (file) => {
    const github = linksIn(readFileSync(`${root}${file}`, 'utf8')).filter((target) =>
      target.startsWith('https://github.com/'),
    );
    expect(github.filter((target) => !target.startsWith(`${repository}/`) && target !== repository)).toEqual([]);
  });

  it('has repository, homepage and bugs on one address', () => {
    expect(repository).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
    expect(pkg.homepage.startsWith(repository)).toBe(true);
    expect(pkg.bugs.url).toBe(`${repository}/issues`);
  });
});
