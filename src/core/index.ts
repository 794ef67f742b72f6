// rtckit/core: the engine, plain TypeScript with no React anywhere below this file.
export { exponentialBackoff, type ExponentialBackoffOptions, type RetryContext, type RetryPolicy } from './backoff';
export { systemClock, type Clock, type TimerHandle } from './clock';
export { RtcKitError, isRtcKitError, type RtcKitErrorCode, type RtcKitErrorOptions } from './errors';
export { lazily, SharedRegistry } from './sharedRegistry';
export { createStore, shallowEqual, type ReadableStore, type Store, type StoreLifecycle } from './store';
export * from './codecs/index';
export * from './ice/index';
export * from './media/index';
export * from './stats/index';
export * from './quality/index';
export * from './peer/index';
export * from './abr/index';
export * from './reconnect/index';
export * from './report/index';
