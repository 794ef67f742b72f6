// A peer nobody here wrote: libwebrtc for Node (@roamhq/wrtc), run as a child process by the
// interop tests. It joins a room of the reference signaling server with plain `ws`, negotiates
// with the W3C perfect-negotiation pattern (its own code, not rtckit's), sends synthetic video
// (RTCVideoSource), decodes what it receives (RTCVideoSink), answers data-channel pings, and
// reports to its parent over IPC. Only loopback candidates are used.
//   fork('test/interop/wrtcPeer.mjs', [JSON.stringify({ url, token, polite })])
import wrtc from '@roamhq/wrtc';
import { WebSocket } from 'ws';

const { url, token, polite } = JSON.parse(process.argv[2] ?? '{}');
const { RTCPeerConnection, nonstandard } = wrtc;
const LOOPBACK = / (127\.0\.0\.1|::1) /;

const report = { framesReceived: 0, width: 0, height: 0, dataMessages: [], connectionState: 'new', errors: [] };
const fail = (error) => report.errors.push(String(error?.message ?? error));

const pc = new RTCPeerConnection({ iceServers: [] });
pc.onconnectionstatechange = () => (report.connectionState = pc.connectionState);

// Video out: a 320x180 I420 picture whose brightness changes, 15 frames a second.
const source = new nonstandard.RTCVideoSource();
const width = 320;
const height = 180;
const frame = { width, height, data: new Uint8ClampedArray(width * height * 1.5) };
let tick = 0;
const pump = setInterval(() => {
  frame.data.fill((tick++ * 8) % 255, 0, width * height);
  frame.data.fill(128, width * height);
  source.onFrame(frame);
}, 1000 / 15);
pc.addTrack(source.createTrack());

// Video in: count decoded frames.
let sink = null;
pc.ontrack = ({ track }) => {
  if (track.kind !== 'video' || sink) return;
  sink = new nonstandard.RTCVideoSink(track);
  sink.onframe = ({ frame: received }) => {
    report.framesReceived += 1;
    report.width = received.width;
    report.height = received.height;
  };
};

// The same negotiated channel rtckit opens by default: label 'rtckit', id 0.
const channel = pc.createDataChannel('rtckit', { negotiated: true, id: 0 });
channel.onopen = () => channel.send('hello from wrtc');
channel.onmessage = ({ data }) => {
  report.dataMessages.push(String(data));
  if (String(data).startsWith('ping:')) channel.send(`pong:${String(data).slice(5)}`);
};

const socket = new WebSocket(url);
let ready = false;
const outbox = [];
const send = (message) => {
  const text = JSON.stringify(message);
  if (ready) socket.send(text);
  else outbox.push(text);
};
socket.on('open', () => socket.send(JSON.stringify({ type: 'auth', token })));

// Perfect negotiation, written out with explicit offers, answers and rollback.
let makingOffer = false;
let ignoreOffer = false;
const description = () => ({ type: pc.localDescription.type, sdp: pc.localDescription.sdp });
pc.onnegotiationneeded = async () => {
  try {
    makingOffer = true;
    const offer = await pc.createOffer();
    if (pc.signalingState !== 'stable') return;
    await pc.setLocalDescription(offer);
    // A colliding offer from rtckit may have rolled ours back meanwhile (this side polite).
    if (pc.localDescription?.type !== 'offer') return;
    send({ type: 'description', description: description() });
  } catch (error) {
    fail(error);
  } finally {
    makingOffer = false;
  }
};
pc.onicecandidate = ({ candidate }) => {
  if (candidate && LOOPBACK.test(candidate.candidate)) {
    const { candidate: line, sdpMid, sdpMLineIndex } = candidate;
    send({ type: 'candidate', candidate: { candidate: line, sdpMid, sdpMLineIndex } });
  }
};

let inbox = Promise.resolve();
socket.on('message', (data) => {
  const message = JSON.parse(String(data));
  if (message.type === 'server:ready') {
    ready = true;
    for (const text of outbox.splice(0)) socket.send(text);
    return;
  }
  inbox = inbox.then(() => handle(message)).catch(fail);
});

async function handle(message) {
  if (message.type === 'description') {
    const remote = message.description;
    const collision = remote.type === 'offer' && (makingOffer || pc.signalingState !== 'stable');
    ignoreOffer = !polite && collision;
    if (ignoreOffer) return;
    if (collision) await pc.setLocalDescription({ type: 'rollback' });
    await pc.setRemoteDescription(remote);
    if (remote.type === 'offer') {
      await pc.setLocalDescription(await pc.createAnswer());
      send({ type: 'description', description: description() });
    }
  } else if (message.type === 'candidate' && message.candidate?.candidate) {
    try {
      await pc.addIceCandidate(message.candidate);
    } catch (error) {
      if (!ignoreOffer) fail(error);
    }
  }
}

process.on('message', (request) => {
  if (request === 'report') process.send({ type: 'report', report });
  if (request === 'stop') stop();
});

function stop() {
  clearInterval(pump);
  sink?.stop();
  channel.close();
  pc.close();
  socket.close();
  setTimeout(() => process.exit(0), 50);
}
process.on('disconnect', stop);
