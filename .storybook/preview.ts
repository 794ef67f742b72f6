import type { Preview } from '@storybook/react-vite';

const preview: Preview = {
  // The network of the virtual call that stories decorated with withVirtualCall run in.
  globalTypes: {
    network: {
      description: 'Network of the virtual call',
      toolbar: {
        title: 'Network',
        icon: 'globe',
        items: ['clean', 'lossy', 'capped', 'black-hole'],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { network: 'clean' },
  parameters: {
    layout: 'centered',
    // axe-core runs on every story. 'todo' reports violations without failing through the addon
    // (which would fail on minor ones too); the storybook test tier's gate fails on serious and
    // critical ones (test/helpers/a11yGate.ts).
    a11y: { test: 'todo' },
    options: {
      // A live call between two peers is the first thing `npm start` shows.
      storySort: { order: ['Live', ['Live call', 'Local camera'], 'Components', 'Recipes', 'Docs'] },
    },
  },
};

export default preview;
