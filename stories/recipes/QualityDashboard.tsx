import type { StatsSample } from 'rtckit';
import { QualityBadge, Sparkline, useConnectionQuality, useStats } from 'rtckit';

const kbps = (bps: number | undefined) => (bps === undefined ? '–' : `${Math.round(bps / 1000)} kbit/s`);
const ms = (value: number | undefined) => (value === undefined ? '–' : `${Math.round(value)} ms`);
const percent = (ratio: number | undefined) => (ratio === undefined ? '–' : `${(ratio * 100).toFixed(1)} %`);
const size = (width?: number, height?: number) => (width && height ? `${width}×${height}` : '–');
const fps = (value: number | undefined) => (value === undefined ? '–' : `${Math.round(value)} fps`);

/** The rows of the table: what to show for the uplink (what we send) and the downlink (what we receive). */
const ROWS: readonly [string, (sample: StatsSample, direction: 'outbound' | 'inbound') => string][] = [
  ['Video bitrate', (s, d) => kbps(s[d].video?.bitrate)],
  ['Audio bitrate', (s, d) => kbps(s[d].audio?.bitrate)],
  ['Resolution', (s, d) => size(s[d].video?.frameWidth, s[d].video?.frameHeight)],
  ['Frame rate', (s, d) => fps(s[d].video?.framesPerSecond)],
  ['Packet loss', (s, d) => percent(s[d].video?.packetLoss)],
  ['Jitter', (s, d) => ms(s[d].video?.jitterMs ?? s[d].audio?.jitterMs)],
  ['Limited by', (s, d) => (d === 'outbound' ? (s.outbound.video?.qualityLimitationReason ?? '–') : '')],
];

/**
 * A connection's health at a glance: its quality level with the reasons, a table of what goes
 * each way, and sparklines of the last minute. Everything comes from one shared `getStats()` poll
 * per connection; the table re-renders once a second, the badge only when the level changes.
 */
export function QualityDashboard({ pc }: { pc: RTCPeerConnection | null }) {
  const quality = useConnectionQuality(pc);
  const { latest, history } = useStats(pc);
  const pair = latest?.candidatePair;

  return (
    <section
      aria-label="Connection quality"
      style={{ display: 'grid', gap: 12, fontFamily: 'system-ui', fontSize: 13 }}
    >
      <header style={{ display: 'flex', gap: 12, alignItems: 'center' }}>
        <QualityBadge quality={quality} />
        <span>
          Score {quality.score ?? '–'} · MOS {quality.mos?.toFixed(1) ?? '–'} · up {quality.uplink} · down{' '}
          {quality.downlink}
        </span>
      </header>
      {quality.reasons.length > 0 && (
        <ul aria-label="Reasons" style={{ margin: 0 }}>
          {quality.reasons.map((reason) => (
            <li key={reason.code + reason.direction}>
              {reason.message}
              {reason.detail && ` (${reason.detail})`}
            </li>
          ))}
        </ul>
      )}
      <table>
        <caption style={{ textAlign: 'left' }}>
          {pair
            ? `${pair.local.type ?? '?'} → ${pair.remote.type ?? '?'} over ${pair.local.protocol ?? '?'}${pair.relayed ? ' (relayed)' : ''}`
            : 'Not connected'}
          {` · RTT ${ms(latest?.rttMs)} · available ${kbps(latest?.availableOutgoingBitrate)}`}
        </caption>
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">Uplink</th>
            <th scope="col">Downlink</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map(([label, read]) => (
            <tr key={label}>
              <th scope="row" style={{ textAlign: 'left' }}>
                {label}
              </th>
              <td>{latest ? read(latest, 'outbound') : '–'}</td>
              <td>{latest ? read(latest, 'inbound') : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div style={{ display: 'flex', gap: 16 }}>
        <Sparkline label="Received video" values={history.map((s) => s.inbound.video?.bitrate)} format={kbps} />
        <Sparkline label="Sent video" values={history.map((s) => s.outbound.video?.bitrate)} format={kbps} />
        <Sparkline label="Round-trip time" values={history.map((s) => s.rttMs)} format={ms} />
        <Sparkline label="Loss received" values={history.map((s) => s.inbound.video?.packetLoss)} format={percent} />
      </div>
    </section>
  );
}
