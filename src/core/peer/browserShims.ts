// webrtc-adapter's browser shims, applied when this module is evaluated. Only the modules that create
// an RTCPeerConnection import it (PeerSession, the ICE probe), each as its first import, so the shims
// are in place before their first connection and no other import pays for them. It is listed in
// package.json's `sideEffects`, so bundlers keep this import although nothing is imported by name.
// Cost and timing: docs/bundle-size.md, "webrtc-adapter: cost and timing".
import 'webrtc-adapter';
