import { useState, useSyncExternalStore } from 'react';
import { listCodecs, type CodecList } from '../core/codecs/listCodecs';
import { noSubscription } from './internal/noSubscription';

const NO_CODECS: CodecList = {
  send: { audio: [], video: [] },
  receive: { audio: [], video: [] },
};

/**
 * The codecs this browser can send and receive ({@link listCodecs}): for a codec picker, or to
 * keep a `codecs` preference to what the browser has. The lists never change while a page lives,
 * so nothing is watched; they are read once per component, on the client only. On the server and
 * while hydrating, every list is empty (the server cannot know the browser), then the component
 * renders again with the browser's lists.
 *
 * @example
 * ```tsx
 * function VideoCodecPicker({ value, onChange }: { value: string; onChange: (name: string) => void }) {
 *   const { receive } = useCodecs();
 *   return (
 *     <select value={value} onChange={(e) => onChange(e.target.value)}>
 *       {receive.video.map((codec) => <option key={codec.mimeType}>{codec.name}</option>)}
 *     </select>
 *   );
 * }
 * ```
 */
export function useCodecs(): CodecList {
  // A getter that reads the browser on its first call and keeps the result, so the snapshot is stable.
  const [read] = useState(() => {
    let list: CodecList | undefined;
    return () => (list ??= listCodecs());
  });
  return useSyncExternalStore(noSubscription, read, serverSnapshot);
}

const serverSnapshot = (): CodecList => NO_CODECS;
