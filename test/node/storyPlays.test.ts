// Storybook runs a story's play function whenever a person opens the story, so a play that clicks
// Hang up or switches a control changes the story under their eyes. Every play is wrapped in
// testRunnerOnly (stories/support/storyTests.ts), which runs it only when the stories run as tests.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const storiesDir = new URL('../../stories/', import.meta.url).pathname;
const storyFiles = readdirSync(storiesDir, { recursive: true, encoding: 'utf8' }).filter((file) =>
  file.endsWith('.stories.tsx'),
);

/** Each `play:` in a file, with what it is set to. */
function playsIn(file: string): { line: number; initializer: string; guarded: boolean }[] {
  const source = ts.createSourceFile(file, readFileSync(join(storiesDir, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const plays: { line: number; initializer: string; guarded: boolean }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isPropertyAssignment(node) && node.name.getText(source) === 'play') {
      const value = node.initializer;
      plays.push({
        line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
        initializer: value.getText(source).slice(0, 40),
        guarded: ts.isCallExpression(value) && value.expression.getText(source) === 'testRunnerOnly',
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return plays;
}

describe('story play functions', () => {
  it('finds the story files', () => {
    expect(storyFiles.length).toBeGreaterThan(10);
  });

  it.each(storyFiles)('%s runs its plays only as tests', (file) => {
    const unguarded = playsIn(file).filter((play) => !play.guarded);
    expect(unguarded, 'wrap each in testRunnerOnly(…)').toEqual([]);
  });
});
