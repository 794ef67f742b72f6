// Every hook and component test renders under <StrictMode>, so double effects are always exercised.
import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

configure({ reactStrictMode: true });
afterEach(() => cleanup());
