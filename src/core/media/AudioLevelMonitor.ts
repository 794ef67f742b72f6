import { systemClock, type Clock, type TimerHandle } from '../clock';
import { EngineUnit } from '../engineUnit';

/** What {@link AudioLevelMonitor} reports. */
export interface AudioLevelSnapshot {
  /** Loudness from 0 (silence, −60 dBFS or below) to 1 (full scale), in steps of 0.01. */
  readonly level: number;
}

/** Options for {@link AudioLevelMonitor}. */
export interface AudioLevelMonitorOptions {
  /** How often to measure, in ms. Default 50 (20 Hz, smooth enough for a meter). */
  readonly intervalMs?: number;
  readonly clock?: Clock;
}

const SILENT: AudioLevelSnapshot = { level: 0 };
const FLOOR_DB = -60;

/**
 * The loudness of a stream's first audio track, for a microphone meter. Runs a Web Audio analyser
 * only while subscribed and closes its `AudioContext` after the last subscriber leaves. Where Web
 * Audio is missing, or the stream has no audio, the level stays 0.
 *
 * @example
 * ```ts
 * const monitor = new AudioLevelMonitor(micStream);
 * monitor.subscribe(() => (bar.style.width = `${monitor.getSnapshot().level * 100}%`));
 * ```
 */
export class AudioLevelMonitor extends EngineUnit<AudioLevelSnapshot> {
  #stream: MediaStream | null;
  readonly #options: AudioLevelMonitorOptions;
  #teardown: (() => void) | null = null;

  constructor(stream: MediaStream | null, options: AudioLevelMonitorOptions = {}) {
    super(SILENT, { onActive: () => this.#start(), onInactive: () => this.#stop(), deferInactive: true });
    this.#stream = stream;
    this.#options = options;
  }

  /** Measures another stream from now on. */
  setStream(stream: MediaStream | null): void {
    if (stream === this.#stream) return;
    this.#stream = stream;
    if (!this.store.active) return;
    this.#stop();
    this.#start();
  }

  #start(): void {
    const track = this.#stream?.getAudioTracks()[0];
    const AudioContextClass = globalThis.AudioContext;
    if (!track || typeof AudioContextClass !== 'function') return;
    const clock = this.#options.clock ?? systemClock;
    const context = new AudioContextClass();
    // A stream of its own, so the analyser follows this track only.
    const source = context.createMediaStreamSource(new MediaStream([track]));
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    source.connect(analyser);
    void context.resume().catch(() => {}); // suspended until a user gesture in some browsers
    const samples = new Float32Array(analyser.fftSize);
    let timer: TimerHandle;
    const measure = () => {
      analyser.getFloatTimeDomainData(samples);
      this.store.update({ level: levelOf(samples) });
      timer = clock.setTimeout(measure, this.#options.intervalMs ?? 50);
    };
    measure();
    this.#teardown = () => {
      clock.clearTimeout(timer);
      source.disconnect();
      void context.close().catch(() => {});
    };
  }

  #stop(): void {
    this.#teardown?.();
    this.#teardown = null;
    this.store.set(SILENT);
  }
}

/**
 * RMS loudness of audio samples on a −60…0 dBFS scale mapped to 0…1, rounded to 0.01 so a steady
 * sound renders nothing new.
 *
 * @example
 * ```ts
 * analyser.getFloatTimeDomainData(samples);
 * const level = levelOf(samples); // 0.5 ≈ −30 dBFS
 * ```
 */
export function levelOf(samples: Float32Array): number {
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  const rms = Math.sqrt(sum / Math.max(1, samples.length));
  if (rms === 0) return 0;
  const db = 20 * Math.log10(rms);
  return Math.round(Math.min(1, Math.max(0, (db - FLOOR_DB) / -FLOOR_DB)) * 100) / 100;
}
