import { createContext, useContext } from 'react';
import { UndoStack } from './undo';

/** The episode the replay screen shows and its playhead, so that undo can follow a split or merge. */
export interface ReplayView {
  episodeId: string;
  timeNs(): number;
}

/**
 * The app's one undo history, shared by every screen: a split made on the replay screen is undone
 * from the library and the other way round. `view` is set while a replay screen is open.
 */
export class AppHistory {
  readonly stack = new UndoStack();
  view: ReplayView | null = null;
}

export const HistoryContext = createContext<AppHistory | null>(null);

export function useHistory(): AppHistory {
  const history = useContext(HistoryContext);
  if (!history) throw new Error('useHistory outside HistoryContext');
  return history;
}
