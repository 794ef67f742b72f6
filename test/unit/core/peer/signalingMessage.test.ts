import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SIGNALING_MESSAGE_BYTES, RtcKitError, validateSignalingMessage, type SignalingMessage } from 'rtckit/core';

const SDP = 'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';
const CANDIDATE =
  'candidate:842163049 1 udp 1677729535 127.0.0.1 46154 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag sXP5 network-cost 999';

const VALID: SignalingMessage[] = [
  { type: 'description', description: { type: 'offer', sdp: SDP } },
  { type: 'description', description: { type: 'answer', sdp: SDP.replace(/\r\n/g, '\n') } },
  { type: 'candidate', candidate: { candidate: CANDIDATE, sdpMid: '0', sdpMLineIndex: 0, usernameFragment: 'sXP5' } },
  {
    type: 'candidate',
    candidate: {
      candidate: 'candidate:1 1 UDP 2122252543 2001:db8::1 55000 typ host',
      sdpMid: 'audio',
      sdpMLineIndex: null,
    },
  },
  {
    type: 'candidate',
    candidate: { candidate: 'candidate:1 1 udp 2122 4f8d-e2.local 5000 typ host', sdpMid: null, sdpMLineIndex: 3 },
  },
  { type: 'candidate', candidate: { candidate: '', sdpMid: '0', sdpMLineIndex: 0 } },
  { type: 'candidate', candidate: null },
  {
    type: 'description',
    description: { type: 'answer', sdp: 'v=0\r\no=- 1 2 IN IP4 0.0.0.0\r\n' },
    for: '4611731400430051336',
  },
  { type: 'hello' },
  { type: 'hello', id: 'abc123', reply: true },
  { type: 'hello', id: 'abc123', restart: true },
  { type: 'bye' },
  { type: 'key-frames' },
  { type: 'app', data: { chat: 'hi', n: [1, 2, null] } },
  { type: 'app', data: null },
];

const rejection = (raw: unknown, options?: { maxBytes?: number }) => {
  const result = validateSignalingMessage(raw, options);
  if (result.ok) throw new Error(`accepted ${JSON.stringify(raw)}`);
  return result.error;
};

describe('validateSignalingMessage', () => {
  it.each(VALID.map((message) => [message.type, message] as const))(
    'accepts a %s message, as JSON text or object',
    (_, message) => {
      const fromText = validateSignalingMessage(JSON.stringify(message));
      const fromObject = validateSignalingMessage(message);
      expect(fromText.ok && fromText.message).toMatchObject(message);
      expect(fromObject.ok && fromObject.message).toMatchObject(message);
    },
  );

  it.each([
    ['not JSON', '{"type":', 'not valid JSON'],
    ['not an object', '[1,2]', 'not a JSON object'],
    ['a number', 42, 'not a JSON object'],
    ['undefined', undefined, 'not a JSON object'],
    ['a function', () => {}, 'not a JSON object'],
    [
      'a cycle',
      (() => {
        const a: Record<string, unknown> = { type: 'bye' };
        a.self = a;
        return a;
      })(),
      'cannot be serialised',
    ],
    ['a BigInt', { type: 'app', data: 1n }, 'cannot be serialised'],
    ['no type', {}, 'has no type'],
    ['an unknown type', { type: 'offer' }, 'is not one of'],
    ['a description without object', { type: 'description' }, 'no description object'],
    ['a pranswer', { type: 'description', description: { type: 'pranswer', sdp: SDP } }, 'offer or an answer'],
    ['a rollback', { type: 'description', description: { type: 'rollback', sdp: '' } }, 'offer or an answer'],
    ['SDP not a string', { type: 'description', description: { type: 'offer', sdp: 5 } }, 'no SDP string'],
    ['SDP without v=0', { type: 'description', description: { type: 'offer', sdp: 'o=- 1 2 IN IP4 0\r\n' } }, 'v=0'],
    ['SDP v=1', { type: 'description', description: { type: 'offer', sdp: 'v=1\r\n' } }, 'v=0'],
    ['SDP with text before v=0', { type: 'description', description: { type: 'offer', sdp: ' v=0\r\n' } }, 'v=0'],
    ['a candidate without object', { type: 'candidate', candidate: 'candidate:1' }, 'no candidate object'],
    ['a candidate without string', { type: 'candidate', candidate: { sdpMid: '0' } }, 'no candidate string'],
    [
      'a candidate with a line break',
      { type: 'candidate', candidate: { candidate: `${CANDIDATE}\r\na=evil`, sdpMid: '0' } },
      'not of the form',
    ],
    [
      'a candidate that is not a candidate line',
      { type: 'candidate', candidate: { candidate: 'a=candidate:1 1 udp 1 1.2.3.4 5 typ host', sdpMid: '0' } },
      'not of the form',
    ],
    [
      'a candidate without typ',
      { type: 'candidate', candidate: { candidate: 'candidate:1 1 udp 1 1.2.3.4 5 host', sdpMid: '0' } },
      'not of the form',
    ],
    [
      'a candidate with a bad port',
      { type: 'candidate', candidate: { candidate: 'candidate:1 1 udp 1 1.2.3.4 70000 typ host', sdpMid: '0' } },
      'port',
    ],
    [
      'a candidate with an odd extension',
      { type: 'candidate', candidate: { candidate: 'candidate:1 1 udp 1 1.2.3.4 5 typ host generation', sdpMid: '0' } },
      'not of the form',
    ],
    [
      'a too long candidate',
      {
        type: 'candidate',
        candidate: { candidate: `candidate:1 1 udp 1 1.2.3.4 5 typ host${' a b'.repeat(300)}`, sdpMid: '0' },
      },
      'too long',
    ],
    [
      'neither sdpMid nor index',
      { type: 'candidate', candidate: { candidate: CANDIDATE } },
      'neither sdpMid nor sdpMLineIndex',
    ],
    ['a bad sdpMid', { type: 'candidate', candidate: { candidate: CANDIDATE, sdpMid: 'a b' } }, 'sdpMid'],
    [
      'a bad sdpMLineIndex',
      { type: 'candidate', candidate: { candidate: CANDIDATE, sdpMLineIndex: 1.5 } },
      'sdpMLineIndex',
    ],
    [
      'a negative sdpMLineIndex',
      { type: 'candidate', candidate: { candidate: CANDIDATE, sdpMLineIndex: -1 } },
      'sdpMLineIndex',
    ],
    [
      'a bad usernameFragment',
      { type: 'candidate', candidate: { candidate: CANDIDATE, sdpMid: '0', usernameFragment: 'a b' } },
      'usernameFragment',
    ],
    ['a hello with a bad id', { type: 'hello', id: 'x'.repeat(65) }, 'invalid id'],
    ['a hello with a bad reply', { type: 'hello', reply: 'yes' }, 'reply'],
    ['a hello with a bad restart', { type: 'hello', restart: 1 }, 'restart'],
    [
      'a description meant for a bad session id',
      { type: 'description', description: { type: 'offer', sdp: 'v=0\r\n' }, for: 'a b' },
      'session id',
    ],
    ['an app message without data', { type: 'app' }, 'no data'],
  ])('rejects %s', (_, raw, reason) => {
    const error = rejection(raw);
    expect(error).toBeInstanceOf(RtcKitError);
    expect(error.code).toBe('invalid-signaling-message');
    expect(error.message).toContain(reason);
  });

  it('caps the size in bytes of UTF-8, as text and as object', () => {
    const big = { type: 'app', data: 'x'.repeat(MAX_SIGNALING_MESSAGE_BYTES) };
    expect(rejection(big).message).toContain(`larger than ${MAX_SIGNALING_MESSAGE_BYTES} bytes`);
    expect(rejection(JSON.stringify(big)).code).toBe('invalid-signaling-message');
    // 30 000 three-byte characters are 90 000 bytes, though only 30 000 code units.
    expect(rejection({ type: 'app', data: '€'.repeat(30_000) }).message).toContain('larger than');
    expect(validateSignalingMessage({ type: 'app', data: 'x'.repeat(100) }, { maxBytes: 200 }).ok).toBe(true);
    expect(rejection({ type: 'app', data: 'x'.repeat(200) }, { maxBytes: 200 }).code).toBe('invalid-signaling-message');
  });

  it('drops unknown fields, so nothing unchecked reaches the connection', () => {
    const result = validateSignalingMessage({
      type: 'candidate',
      from: 'server',
      candidate: { candidate: CANDIDATE, sdpMid: '0', __proto__: { evil: true }, extra: 1 },
    });
    expect(result.ok && result.message).toEqual({
      type: 'candidate',
      candidate: { candidate: CANDIDATE, sdpMid: '0', sdpMLineIndex: null },
    });
  });

  describe('fuzzing (fast-check)', () => {
    const check = (raw: unknown) => {
      const result = validateSignalingMessage(raw);
      if (result.ok) {
        // Whatever is accepted is a message that validates again, unchanged.
        const again = validateSignalingMessage(JSON.stringify(result.message));
        expect(again.ok && again.message).toEqual(result.message);
      } else {
        expect(result.error).toBeInstanceOf(RtcKitError);
        expect(result.error.code).toBe('invalid-signaling-message');
      }
    };

    it('never throws on random values and random text; every rejection is typed', { timeout: 30_000 }, () => {
      fc.assert(
        fc.property(fc.anything({ withBigInt: true, withMap: true, withSet: true, withTypedArray: true }), check),
        {
          numRuns: 3000,
        },
      );
      fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), check), { numRuns: 3000 });
      fc.assert(fc.property(fc.json(), check), { numRuns: 3000 });
    });

    it('never throws on mutated valid messages; every rejection is typed', { timeout: 30_000 }, () => {
      const mutation = fc.oneof(
        // Replace a field with anything.
        fc.tuple(fc.constantFrom(...VALID), fc.string(), fc.anything()).map(([message, key, value]) => ({
          ...message,
          [key]: value,
        })),
        // Replace a nested field with anything.
        fc
          .tuple(
            fc.constantFrom(...VALID.slice(0, 5)),
            fc.constantFrom('type', 'sdp', 'candidate', 'sdpMid', 'sdpMLineIndex', 'usernameFragment'),
            fc.anything(),
          )
          .map(([message, key, value]) => {
            const inner =
              'description' in message ? message.description : 'candidate' in message ? message.candidate : {};
            const field = 'description' in message ? 'description' : 'candidate';
            return { ...message, [field]: { ...inner, [key]: value } };
          }),
        // Change characters of the JSON text.
        fc
          .tuple(
            fc.constantFrom(...VALID),
            fc.nat(),
            fc.string({ unit: 'binary', minLength: 0, maxLength: 5 }),
            fc.nat({ max: 5 }),
          )
          .map(([message, at, insert, remove]) => {
            const text = JSON.stringify(message);
            const i = at % (text.length + 1);
            return text.slice(0, i) + insert + text.slice(i + remove);
          }),
        // Grow a valid message past the cap.
        fc.constantFrom(...VALID).map((message) => ({ ...message, pad: 'x'.repeat(MAX_SIGNALING_MESSAGE_BYTES) })),
      );
      fc.assert(fc.property(mutation, check), { numRuns: 5000 });
    });
  });
});
