import type { StorybookConfig } from '@storybook/react-vite';
import { fileURLToPath } from 'node:url';
import remarkGfm from 'remark-gfm';

// Recipes import rtckit by its public names, as users do. Resolve them to the sources, as the test
// config does — otherwise Node's self-reference picks the built dist/, which a fresh clone lacks
// and an old build has stale.
const source = (path: string) => fileURLToPath(new URL(`../src/${path}`, import.meta.url));
const publicEntries = [
  { find: /^rtckit$/, replacement: source('index.ts') },
  { find: /^rtckit\/core$/, replacement: source('core/index.ts') },
  { find: /^rtckit\/testing$/, replacement: source('testing/index.ts') },
  { find: /^rtckit\/server$/, replacement: source('server/index.ts') },
];

const config: StorybookConfig = {
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.@(ts|tsx)'],
  addons: [
    // MDX 2+ has no GitHub-flavoured Markdown by default: without remark-gfm the docs pages' tables
    // render as paragraphs of pipes.
    {
      name: '@storybook/addon-docs',
      options: { mdxPluginOptions: { mdxCompileOptions: { remarkPlugins: [remarkGfm] } } },
    },
    '@storybook/addon-vitest',
    // axe-core on every story: the a11y panel in Storybook, and the gate of the storybook test tier
    // (test/storybook.setup.ts fails a story on serious or critical violations).
    '@storybook/addon-a11y',
  ],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  viteFinal: (config) => ({
    ...config,
    resolve: {
      ...config.resolve,
      alias: [
        ...publicEntries,
        ...(Array.isArray(config.resolve?.alias)
          ? config.resolve.alias
          : Object.entries(config.resolve?.alias ?? {}).map(([find, replacement]) => ({ find, replacement }))),
      ],
    },
  }),
};

export default config;
