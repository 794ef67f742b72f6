/**
 * The video track a tile shows: the first one in the stream, or `null`.
 *
 * @example
 * ```ts
 * const track = primaryVideoTrack(stream); // MediaStreamTrack | null
 * ```
 */
export function primaryVideoTrack(stream: MediaStream | null | undefined): MediaStreamTrack | null {
  return stream?.getVideoTracks()[0] ?? null;
}

/**
 * Whether a video track can show frames now: live, enabled and not muted (a remote track is muted
 * while no frames arrive).
 *
 * @example
 * ```ts
 * if (!isVideoShowing(primaryVideoTrack(stream))) showAvatar();
 * ```
 */
export function isVideoShowing(track: MediaStreamTrack | null | undefined): boolean {
  return !!track && track.readyState === 'live' && track.enabled && !track.muted;
}

/**
 * Whether a camera track faces the user, as a laptop webcam or a phone's front camera does. Tracks
 * that report no `facingMode` (most desktop webcams) count as user-facing.
 *
 * @example
 * ```ts
 * video.style.transform = facesUser(track) ? 'scaleX(-1)' : '';
 * ```
 */
export function facesUser(track: MediaStreamTrack | null | undefined): boolean {
  if (!track || typeof track.getSettings !== 'function') return false;
  const { facingMode } = track.getSettings();
  return facingMode === undefined || facingMode === '' || facingMode === 'user';
}

/**
 * Calls `listener` whenever the stream's primary video track or whether it shows frames may have
 * changed: tracks added or removed, ended, muted or unmuted. Returns the function that stops
 * watching. (Setting `track.enabled` fires no event; senders that pause video should stop or
 * remove the track, as `LocalMedia` does.)
 *
 * @example
 * ```ts
 * const stop = watchStreamVideo(stream, () => render(isVideoShowing(primaryVideoTrack(stream))));
 * ```
 */
export function watchStreamVideo(stream: MediaStream, listener: () => void): () => void {
  const TRACK_EVENTS = ['ended', 'mute', 'unmute'] as const;
  let watched: MediaStreamTrack[] = [];
  const unwatchTracks = () => {
    for (const track of watched) for (const type of TRACK_EVENTS) track.removeEventListener(type, listener);
  };
  const watchTracks = () => {
    unwatchTracks();
    watched = stream.getVideoTracks();
    for (const track of watched) for (const type of TRACK_EVENTS) track.addEventListener(type, listener);
  };
  const onTracksChanged = () => {
    watchTracks();
    listener();
  };
  watchTracks();
  stream.addEventListener('addtrack', onTracksChanged);
  stream.addEventListener('removetrack', onTracksChanged);
  return () => {
    unwatchTracks();
    stream.removeEventListener('addtrack', onTracksChanged);
    stream.removeEventListener('removetrack', onTracksChanged);
  };
}
