import { useCallback, useSyncExternalStore } from 'react';
import type { EpisodePlayer, PlayerEvent } from './episodePlayer';

/**
 * Re-renders the calling panel when the player reports one of `kinds`. The time is not among them:
 * what follows the time subscribes to the clock and updates outside React.
 */
export function usePlayer(player: EpisodePlayer, ...kinds: PlayerEvent['kind'][]): EpisodePlayer {
  const key = kinds.join(',');
  const subscribe = useCallback(
    (changed: () => void) => player.onDidChange((e) => key.split(',').includes(e.kind) && changed()),
    [player, key],
  );
  useSyncExternalStore(subscribe, () =>
    key
      .split(',')
      .map((k) => player.revision(k as PlayerEvent['kind']))
      .join(),
  );
  return player;
}
