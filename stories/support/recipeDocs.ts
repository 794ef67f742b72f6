/**
 * A recipe's docs page (`tags: ['autodocs']` on its meta): what it shows, then the story with its
 * file's full source open below it — Storybook's source block, with its Copy button.
 */
export function recipeDocs(source: string, description: string) {
  return {
    description: { component: description },
    source: { code: source, language: 'tsx' },
    canvas: { sourceState: 'shown' as const },
  };
}
