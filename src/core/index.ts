// rtckit/core: the engine, plain TypeScript with no React anywhere below this file.
export { systemClock, type Clock, type TimerHandle } from './clock';
export { RtcKitError, isRtcKitError, type RtcKitErrorCode, type RtcKitErrorOptions } from './errors';
export { createStore, shallowEqual, type ReadableStore, type Store, type StoreLifecycle } from './store';
export * from './media/index';
export * from './stats/index';
export * from './quality/index';
