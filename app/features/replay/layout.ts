import { useCallback, useState } from 'react';

/** What the curator shows on the replay screen; kept per browser profile. */
export interface ReplayLayout {
  /** Camera stream names that are hidden. */
  hiddenCameras: string[];
  /** Series stream names that have a plot panel. */
  plots: string[] | null;
  scene: boolean;
  /** Series stream names whose plot shows the rate of change (derived velocity). */
  velocityPlots: string[];
}

const KEY = 'mimic.replay.layout';
const DEFAULT: ReplayLayout = { hiddenCameras: [], plots: null, scene: true, velocityPlots: [] };

function read(): ReplayLayout {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? { ...DEFAULT, ...(JSON.parse(raw) as Partial<ReplayLayout>) } : DEFAULT;
  } catch {
    return DEFAULT;
  }
}

export function useReplayLayout(): [ReplayLayout, (change: Partial<ReplayLayout>) => void] {
  const [layout, setLayout] = useState<ReplayLayout>(read);
  const update = useCallback((change: Partial<ReplayLayout>) => {
    setLayout((prev) => {
      const next = { ...prev, ...change };
      localStorage.setItem(KEY, JSON.stringify(next));
      return next;
    });
  }, []);
  return [layout, update];
}
