import { useState } from 'react';
import { useNotices } from '../../components/Toast';
import { useHistory } from '../../state/history';
import type { EpisodePlayer, Span } from '../replay/episodePlayer';
import type { LabelSession } from './labelSession';
import { useDaggerKeys } from './useDaggerKeys';

/**
 * The labelling commands, bound to the keys and shared with the panel's buttons. The in/out marks
 * are the player's; a finished in/out pair is kept here as the span that A and Delete act on.
 */
export function useLabelCommands(session: LabelSession, player: EpisodePlayer) {
  const notices = useNotices();
  const history = useHistory();
  const [span, setSpan] = useState<Span | null>(null);
  const run = (what: string, p: Promise<unknown>) => void p.catch((e: unknown) => notices.error(e, what));
  const currentSpan = (): Span | null => {
    if (span) return span;
    const { inNs, outNs } = player.marks;
    return inNs !== null && outNs !== null && outNs > inNs ? { startNs: inNs, endNs: outNs } : null;
  };
  const commands = {
    keyframe: () => run('set a keyframe', session.keyframe()),
    accept: () => {
      const s = currentSpan();
      setSpan(null);
      player.clearMarks();
      run('accept the policy', session.accept(s));
    },
    clear: () => {
      const s = currentSpan();
      setSpan(null);
      player.clearMarks();
      run('clear the labels', session.clear(s));
    },
    nextUnlabelled: () => {
      if (!session.nextUnlabelled()) notices.info('Every frame is labelled');
    },
    nextUncertain: () => {
      if (!session.nextUncertain())
        notices.info(session.scores ? 'Every frame is labelled' : 'The uncertainty ranking is not ready yet');
    },
    undo: () => run('undo', history.stack.undo()),
    redo: () => run('redo', history.stack.redo()),
  };
  useDaggerKeys({
    ...commands,
    toggle: () => player.toggle(),
    step: (n) => player.step(n),
    markIn: () => {
      setSpan(null);
      session.breakChain();
      player.markIn();
    },
    markOut: () => {
      const s = player.markOut();
      if (s) setSpan(s);
    },
    nudge: (dim, steps) => {
      const r = session.ranges[dim];
      if (r) session.setControl(dim, session.control[dim]! + steps * r.step * 5);
    },
    escape: () => {
      setSpan(null);
      session.breakChain();
      player.clearMarks();
    },
  });
  return { commands, span };
}
