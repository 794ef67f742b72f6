import { afterEach, describe, expect, it, vi } from 'vitest';
import { getLocalMedia, isRtcKitError, RtcKitError, toCaptureError, type RtcKitErrorCode } from 'rtckit/core';
import { FakeMediaDevices, type CaptureFailureName } from 'rtckit/testing';

const EXPECTED: Record<CaptureFailureName, RtcKitErrorCode> = {
  NotAllowedError: 'permission-denied',
  NotFoundError: 'device-not-found',
  NotReadableError: 'device-in-use',
  OverconstrainedError: 'constraints-unsatisfiable',
  SecurityError: 'insecure-context',
  TypeError: 'invalid-constraints',
  AbortError: 'aborted',
  NotSupportedError: 'unsupported',
};

describe('toCaptureError', () => {
  it.each(Object.entries(EXPECTED))('maps %s to %s with a message, a hint and the cause', (name, code) => {
    const original = name === 'TypeError' ? new TypeError('bad') : new DOMException('x', name);
    const error = toCaptureError(original);
    expect(error).toBeInstanceOf(RtcKitError);
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(10);
    expect(error.hint.length).toBeGreaterThan(10);
    expect(error.cause).toBe(original);
  });

  it.each([
    ['PermissionDeniedError', 'permission-denied'],
    ['DevicesNotFoundError', 'device-not-found'],
    ['TrackStartError', 'device-in-use'],
    ['ConstraintNotSatisfiedError', 'constraints-unsatisfiable'],
  ])('maps the legacy name %s to %s', (name, code) => {
    expect(toCaptureError(Object.assign(new Error('legacy'), { name })).code).toBe(code);
  });

  it('names the constraint that could not be met', () => {
    const error = toCaptureError(Object.assign(new DOMException('', 'OverconstrainedError'), { constraint: 'width' }));
    expect(error.message).toContain('"width"');
  });

  it('turns anything else into an unknown error that keeps the cause', () => {
    for (const value of [new Error('boom'), 'a string', null, undefined, 42]) {
      const error = toCaptureError(value);
      expect(error.code).toBe('unknown');
      expect(error.cause).toBe(value);
    }
  });

  it('passes an RtcKitError through unchanged', () => {
    const original = new RtcKitError('aborted');
    expect(toCaptureError(original)).toBe(original);
  });
});

describe('getLocalMedia', () => {
  afterEach(() => vi.unstubAllGlobals());

  it.each(Object.entries(EXPECTED))('rejects a %s from the browser with code %s', async (name, code) => {
    const mediaDevices = new FakeMediaDevices({ failWith: name as CaptureFailureName });
    const failure = await getLocalMedia({ video: true }, { mediaDevices }).catch((error: unknown) => error);
    expect(isRtcKitError(failure, code)).toBe(true);
  });

  it('maps a synchronous throw from getUserMedia too', async () => {
    const mediaDevices = {
      getUserMedia: () => {
        throw new DOMException('', 'NotAllowedError');
      },
    };
    await expect(getLocalMedia({ audio: true }, { mediaDevices })).rejects.toMatchObject({ code: 'permission-denied' });
  });

  it('refuses a request for neither audio nor video before asking the browser', async () => {
    const mediaDevices = new FakeMediaDevices();
    await expect(getLocalMedia({ video: false, audio: false }, { mediaDevices })).rejects.toMatchObject({
      code: 'invalid-constraints',
    });
    expect(mediaDevices.requests).toHaveLength(0);
  });

  it('reports an insecure context when navigator.mediaDevices is missing on an insecure page', async () => {
    vi.stubGlobal('navigator', {});
    vi.stubGlobal('isSecureContext', false);
    await expect(getLocalMedia({ video: true })).rejects.toMatchObject({ code: 'insecure-context' });
  });

  it('reports unsupported when navigator.mediaDevices is missing on a secure page', async () => {
    vi.stubGlobal('navigator', {});
    vi.stubGlobal('isSecureContext', true);
    await expect(getLocalMedia({ video: true })).rejects.toMatchObject({ code: 'unsupported' });
  });

  it('reports unsupported when there is no navigator at all', async () => {
    vi.stubGlobal('navigator', undefined);
    await expect(getLocalMedia({ video: true })).rejects.toMatchObject({ code: 'unsupported' });
  });

  it('stops the stream that arrives after an abort and rejects with aborted', async () => {
    const mediaDevices = new FakeMediaDevices();
    mediaDevices.pauseRequests();
    const controller = new AbortController();
    const result = getLocalMedia({ video: true, audio: true }, { mediaDevices, signal: controller.signal });
    controller.abort();
    mediaDevices.resumeRequests();
    await expect(result).rejects.toMatchObject({ code: 'aborted' });
    expect(mediaDevices.tracks).toHaveLength(2);
    expect(mediaDevices.liveTracks()).toHaveLength(0);
  });
});
