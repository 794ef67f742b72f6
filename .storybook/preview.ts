import type { Preview } from '@storybook/react-vite';

const preview: Preview = {
  parameters: {
    layout: 'centered',
    options: {
      // A live call between two peers is the first thing `npm start` shows.
      storySort: { order: ['Live', ['Live call', 'Local camera'], 'Components', 'Recipes', 'Docs'] },
    },
  },
};

export default preview;
