import { OPENED_STALE_TIME } from './useOpenEpisode';
import { useCallback, useMemo, useState } from 'react';
import type { Segment, Suggestion, Trim } from '../../../src/common/api';
import { useNotices } from '../../components/Toast';
import { useCall } from '../../data';
import { useHistory } from '../../state/history';
import { useStudio } from '../../state/studioContext';
import type { UndoableEdit } from '../../state/undo';
import { SEGMENT_COLORS, SegmentEdits, type SegmentDraft } from './segmentEdits';

/**
 * An episode's segments, trim and suggestions, with edits that go on the app's one undo history
 * (which also holds splits, merges and the library's edits). The reads refetch after every edit,
 * undo and redo (app/data/staleness.ts); a failure is toasted and logged.
 */
export function useSegments(episodeId: string) {
  const client = useStudio();
  const notices = useNotices();
  const segments = useCall('listSegments', { episodeId }, { staleTime: OPENED_STALE_TIME }).data ?? [];
  const trim = useCall('getTrim', { episodeId }, { staleTime: OPENED_STALE_TIME }).data ?? null;
  const labels = useCall('segmentLabels', { episodeId }, { staleTime: OPENED_STALE_TIME }).data ?? [];
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const undo = useHistory().stack;
  const edits = useMemo(() => new SegmentEdits(client, episodeId), [client, episodeId]);

  const run = useCallback(
    async (action: () => Promise<UndoableEdit>, what: string) => {
      try {
        undo.push(await action());
      } catch (e) {
        notices.error(e, what);
      }
    },
    [undo, notices],
  );

  const history = useCallback(
    async (redo: boolean) => {
      try {
        const label = redo ? await undo.redo() : await undo.undo();
        if (label) notices.info(`${redo ? 'Redid' : 'Undid'}: ${label}`);
      } catch (e) {
        notices.error(e, redo ? 'redo' : 'undo');
      }
    },
    [undo, notices],
  );

  const nextColor = () => SEGMENT_COLORS[segments.length % SEGMENT_COLORS.length]!;
  const selected = segments.find((s) => s.id === selectedId) ?? null;

  return {
    segments,
    trim,
    labels,
    suggestions,
    selected,
    selectedId,
    setSelectedId,
    create: (span: { startNs: number; endNs: number }, extra: Partial<SegmentDraft> = {}) =>
      run(
        () => edits.create({ label: '', instruction: '', color: nextColor(), ...span, ...extra }),
        'create segment',
      ),
    update: (s: Segment, patch: Partial<SegmentDraft>, label?: string) =>
      run(() => edits.update(s, patch, label), label ?? 'edit segment'),
    remove: (s: Segment) => run(() => edits.remove(s), 'delete segment'),
    split: (s: Segment, atNs: number) => run(() => edits.split(s, atNs), 'split segment'),
    merge: (a: Segment, b: Segment) => run(() => edits.merge(a, b), 'merge segments'),
    setTrim: (t: Trim | null) => run(() => edits.setTrim(trim, t), t ? 'trim episode' : 'clear trim'),
    undo: () => history(false),
    redo: () => history(true),
    suggest: async () => {
      try {
        const r = await client.call('suggestSegments', { episodeId });
        setSuggestions(r.suggestions);
        notices.info(`${r.suggestions.length} suggestion(s)`);
        return r.activeTrim;
      } catch (e) {
        notices.error(e, 'suggest segments');
        return null;
      }
    },
    accept: async (s: Suggestion) => {
      setSuggestions((all) => all.filter((x) => x !== s));
      await run(
        () =>
          edits.create({
            startNs: s.startNs,
            endNs: s.endNs,
            label: s.label,
            instruction: '',
            color: nextColor(),
          }),
        'accept suggestion',
      );
    },
    dismiss: (s: Suggestion) => setSuggestions((all) => all.filter((x) => x !== s)),
  };
}
