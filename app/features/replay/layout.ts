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
export const DEFAULT_LAYOUT: ReplayLayout = {
  hiddenCameras: [],
  plots: null,
  scene: true,
  velocityPlots: [],
};

/** The stored layout; an unreadable one (an older shape, a cleared profile) is the default. */
export function readLayout(): ReplayLayout {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? { ...DEFAULT_LAYOUT, ...(JSON.parse(raw) as Partial<ReplayLayout>) } : DEFAULT_LAYOUT;
  } catch {
    return DEFAULT_LAYOUT;
  }
}

export function writeLayout(layout: ReplayLayout): void {
  localStorage.setItem(KEY, JSON.stringify(layout));
}
