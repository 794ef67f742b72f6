import { describe, expect, it } from 'vitest';
import { messageOf, printable } from '@src/core/errors';

describe('messageOf and printable', () => {
  it('never throw on values String() cannot convert', () => {
    // Found by fuzzing validateIceServers: bad input can be any value.
    for (const value of [Object.create(null), { toString: 1 }, { toString: () => ({}) }]) {
      expect(printable(value)).toBe('[object Object]');
      expect(messageOf(value)).toBe('[object Object]');
    }
  });

  it('use the message of errors and the text of plain values', () => {
    expect(messageOf(new Error('broke'))).toBe('broke');
    expect(messageOf({ message: 'from another realm' })).toBe('from another realm');
    expect(messageOf(42)).toBe('42');
    expect(printable(Symbol('s'))).toBe('Symbol(s)');
  });
});
