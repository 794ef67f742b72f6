import type { Preview } from '@storybook/react-vite';

const preview: Preview = {
  parameters: {
    layout: 'centered',
    options: {
      // The live camera tile is the first thing `npm start` shows.
      storySort: { order: ['Live', ['Local camera'], 'Components', 'Recipes', 'Docs'] },
    },
  },
};

export default preview;
