#!/usr/bin/env node
// rtckit's signaling server as a command: a thin CLI over createSignalingServer (rtckit/server),
// configured by flags or environment variables (README "Run it in production").
//
//   node examples/signaling-server/server.mjs --port 8080 --token s3cret   # with rtckit installed
//   node scripts/signaling-server.mjs --port 8080 --token s3cret           # in this repository
//   # clients: createWebSocketSignaling('ws://127.0.0.1:8080/?room=demo', { token: 's3cret' })
import { readFileSync } from 'node:fs';
import { createRedisBroker, createSignalingServer } from 'rtckit/server';

/**
 * The server's options from flags (`--host`, `--port`, `--token`) and environment variables
 * (README "Run it in production"); throws an Error saying what is missing.
 * @param {NodeJS.ProcessEnv} env @param {string[]} argv
 */
export function optionsFromEnvironment(env, argv) {
  const flag = (/** @type {string} */ name) => {
    const at = argv.indexOf(`--${name}`);
    return at > 0 ? argv[at + 1] : undefined;
  };
  const list = (/** @type {string | undefined} */ text) =>
    (text ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  const host = flag('host') ?? env.SIGNALING_HOST ?? '127.0.0.1';
  const loopback = host === '127.0.0.1' || host === '::1' || host === 'localhost';
  const jwtKeys = list(env.SIGNALING_JWT_KEYS);
  const token = flag('token') ?? env.SIGNALING_TOKEN;
  /** @type {'any' | string[]} */
  const origins = env.SIGNALING_ORIGINS === 'any' ? 'any' : list(env.SIGNALING_ORIGINS);
  if (jwtKeys.length === 0 && !token) {
    throw new Error(
      'Give SIGNALING_JWT_KEYS=<secret>[,<previous secret>] or a shared token (--token / SIGNALING_TOKEN).',
    );
  }
  // Any origin is fine on loopback (development); facing a network, the allowlist is a decision.
  if (origins !== 'any' && origins.length === 0 && !loopback) {
    throw new Error('Listening beyond loopback: give SIGNALING_ORIGINS=https://app.example.org[,…] (or "any").');
  }
  const number = (/** @type {string | undefined} */ text) => (text === undefined ? undefined : Number(text));
  /** @type {Record<string, number | undefined>} */
  const limits = {
    maxPeersPerRoom: number(env.SIGNALING_MAX_PEERS),
    maxMessageBytes: number(env.SIGNALING_MAX_MESSAGE_BYTES),
    ratePerSecond: number(env.SIGNALING_RATE_PER_SECOND),
    rateBurst: number(env.SIGNALING_RATE_BURST),
    maxDroppedPerSecond: number(env.SIGNALING_MAX_DROPPED_PER_SECOND),
    maxConnections: number(env.SIGNALING_MAX_CONNECTIONS),
  };
  return {
    host,
    port: Number(flag('port') ?? env.SIGNALING_PORT ?? 8080),
    path: env.SIGNALING_PATH ?? '/',
    auth: jwtKeys.length
      ? { jwt: { keys: jwtKeys, maxLifetimeSeconds: number(env.SIGNALING_JWT_MAX_LIFETIME_S) } }
      : { token: /** @type {string} */ (token) },
    origins: origins === 'any' || origins.length ? origins : /** @type {const} */ ('any'),
    limits: Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined)),
    redis: env.SIGNALING_REDIS_URL
      ? { url: env.SIGNALING_REDIS_URL, presenceTtlMs: number(env.SIGNALING_PRESENCE_TTL_MS) }
      : undefined,
    tls:
      env.SIGNALING_TLS_CERT && env.SIGNALING_TLS_KEY
        ? { cert: readFileSync(env.SIGNALING_TLS_CERT), key: readFileSync(env.SIGNALING_TLS_KEY) }
        : undefined,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let options;
  try {
    options = optionsFromEnvironment(process.env, process.argv);
  } catch (error) {
    console.error(String(/** @type {Error} */ (error).message));
    process.exit(1);
  }
  const { redis, ...serverOptions } = options;
  const broker = redis ? await createRedisBroker(redis) : undefined;
  const server = await createSignalingServer({ ...serverOptions, broker });
  console.log(
    `rtckit signaling server on ${server.url}${serverOptions.path === '/' ? '/' : serverOptions.path}?room=<name>`,
  );
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
