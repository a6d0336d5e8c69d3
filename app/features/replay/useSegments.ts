import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Segment, Suggestion, Trim } from '../../../src/common/api';
import { useHistory } from '../../state/history';
import { useStudio } from '../../state/studioContext';
import type { UndoableEdit } from '../../state/undo';
import { SEGMENT_COLORS, SegmentEdits, type SegmentDraft } from './segmentEdits';

/**
 * An episode's segments, trim and suggestions, with edits that reload after each change. Edits go on
 * the app's one undo history, which also holds splits, merges and the library's edits.
 */
export function useSegments(
  episodeId: string,
  onError: (message: string) => void,
  onInfo: (m: string) => void,
) {
  const client = useStudio();
  const [segments, setSegments] = useState<Segment[]>([]);
  const [trim, setTrimState] = useState<Trim | null>(null);
  const [labels, setLabels] = useState<string[]>([]);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const undo = useHistory().stack;
  const edits = useMemo(() => new SegmentEdits(client, episodeId), [client, episodeId]);

  const reload = useCallback(async () => {
    const [s, t, l] = await Promise.all([
      client.call('listSegments', { episodeId }),
      client.call('getTrim', { episodeId }),
      client.call('segmentLabels', { episodeId }),
    ]);
    setSegments(s);
    setTrimState(t);
    setLabels(l);
  }, [client, episodeId]);

  useEffect(() => {
    reload().catch((e: Error) => onError(e.message));
    // Errors go to the toast of the moment; a new callback must not reload.
  }, [reload]);

  const run = useCallback(
    async (action: () => Promise<UndoableEdit>) => {
      try {
        undo.push(await action());
      } catch (e) {
        onError((e as Error).message);
      }
      await reload().catch(() => {});
    },
    [undo, reload, onError],
  );

  const history = useCallback(
    async (redo: boolean) => {
      try {
        const label = redo ? await undo.redo() : await undo.undo();
        if (label) onInfo(`${redo ? 'Redid' : 'Undid'}: ${label}`);
      } catch (e) {
        onError((e as Error).message);
      }
      await reload().catch(() => {});
    },
    [undo, reload, onError, onInfo],
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
      run(() => edits.create({ label: '', instruction: '', color: nextColor(), ...span, ...extra })),
    update: (s: Segment, patch: Partial<SegmentDraft>, label?: string) =>
      run(() => edits.update(s, patch, label)),
    remove: (s: Segment) => run(() => edits.remove(s)),
    split: (s: Segment, atNs: number) => run(() => edits.split(s, atNs)),
    merge: (a: Segment, b: Segment) => run(() => edits.merge(a, b)),
    setTrim: (t: Trim | null) => run(() => edits.setTrim(trim, t)),
    undo: () => history(false),
    redo: () => history(true),
    suggest: async () => {
      try {
        const r = await client.call('suggestSegments', { episodeId });
        setSuggestions(r.suggestions);
        onInfo(`${r.suggestions.length} suggestion(s)`);
        return r.activeTrim;
      } catch (e) {
        onError((e as Error).message);
        return null;
      }
    },
    accept: async (s: Suggestion) => {
      setSuggestions((all) => all.filter((x) => x !== s));
      await run(() =>
        edits.create({
          startNs: s.startNs,
          endNs: s.endNs,
          label: s.label,
          instruction: '',
          color: nextColor(),
        }),
      );
    },
    dismiss: (s: Suggestion) => setSuggestions((all) => all.filter((x) => x !== s)),
  };
}
