import { describe, expect, it } from 'vitest';
import { redactUrl } from '@src/core/redactUrl';

describe('redactUrl', () => {
  it.each([
    ['turn:alice:pa55@turn.example.org', 'turn:alice:***@turn.example.org'],
    ['turns:alice:pa55@turn.example.org:5349?transport=tcp', 'turns:alice:***@turn.example.org:5349?transport=tcp'],
    ['wss://bob:pa55@signal.example.org/path', 'wss://bob:***@signal.example.org/path'],
    ['wss://signal.example.org/?room=42&token=abc', 'wss://signal.example.org/?room=***&token=***'],
    ['wss://signal.example.org/?flag', 'wss://signal.example.org/?flag'],
    ['stun:stun.example.org', 'stun:stun.example.org'],
    ['stun:alice@stun.example.org', 'stun:alice@stun.example.org'],
  ])('%s → %s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });
});
