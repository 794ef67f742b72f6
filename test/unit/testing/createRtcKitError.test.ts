import { describe, expect, it } from 'vitest';
import { RtcKitError, type RtcKitErrorCode } from 'rtckit';
import { createRtcKitError } from 'rtckit/testing';

// A Record, so the compiler fails this file when a code is added and not listed here.
const EVERY_CODE: Record<RtcKitErrorCode, true> = {
  'permission-denied': true,
  'device-not-found': true,
  'device-in-use': true,
  'constraints-unsatisfiable': true,
  'invalid-constraints': true,
  'insecure-context': true,
  unsupported: true,
  aborted: true,
  'device-lost': true,
  'share-cancelled': true,
  'user-gesture-required': true,
  'output-unsupported': true,
  'stats-failed': true,
  'webrtc-unsupported': true,
  'invalid-rtc-config': true,
  'invalid-signaling-message': true,
  'signaling-failed': true,
  'signaling-unauthorized': true,
  'negotiation-failed': true,
  'ice-candidate-failed': true,
  'track-replace-failed': true,
  'data-channel-not-open': true,
  'invalid-peer-message': true,
  'codec-unsupported': true,
  'invalid-ice-server': true,
  'turn-credentials-expired': true,
  'turn-auth-failed': true,
  'turn-allocation-refused': true,
  'ice-server-unreachable': true,
  'turn-relay-failed': true,
  'ice-probe-cancelled': true,
  'invalid-ladder': true,
  'set-parameters-failed': true,
  'reconnect-failed': true,
  'invalid-report-option': true,
  'report-delivery-failed': true,
  'support-dump-unavailable': true,
  'invalid-option': true,
  unknown: true,
};

describe('createRtcKitError', () => {
  it.each(Object.keys(EVERY_CODE) as RtcKitErrorCode[])('gives "%s" its own message and hint', (code) => {
    const error = createRtcKitError(code, { detail: 'The detail.' });
    expect(error).toBeInstanceOf(RtcKitError);
    expect(error.code).toBe(code);
    expect(error.message).not.toMatch(/^rtckit error "/);
    expect(error.message).toMatch(/ The detail\.$/);
    expect(error.hint).not.toMatch(/under RtcKitErrorCode/);
  });

  it('keeps the cause', () => {
    const cause = new Error('underneath');
    expect(createRtcKitError('stats-failed', { cause }).cause).toBe(cause);
  });
});
