import { useCallback, useSyncExternalStore } from 'react';
import type { TriageEvent, TriageModel } from './triageModel';

/** Re-renders the calling panel when the model reports one of `kinds`. */
export function useTriage(model: TriageModel, ...kinds: TriageEvent['kind'][]): TriageModel {
  const key = kinds.join(',');
  const subscribe = useCallback(
    (changed: () => void) => model.onDidChange((e) => key.split(',').includes(e.kind) && changed()),
    [model, key],
  );
  useSyncExternalStore(subscribe, () =>
    key
      .split(',')
      .map((k) => model.revision(k as TriageEvent['kind']))
      .join(),
  );
  return model;
}
