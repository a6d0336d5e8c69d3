import type { Segment, Trim } from '../../../src/common/api';
import type { StudioClient } from '../../client';
import type { UndoableEdit } from '../../state/undo';

export const SEGMENT_COLORS = ['#4c8dff', '#f0a23a', '#45b97c', '#ef5d5d', '#b07cff', '#35c6d0'];

export type SegmentDraft = Pick<Segment, 'startNs' | 'endNs' | 'label' | 'instruction' | 'color'>;
type Patch = Partial<SegmentDraft>;

const pick = (s: Segment, keys: readonly (keyof SegmentDraft)[]): Patch =>
  Object.fromEntries(keys.map((k) => [k, s[k]])) as Patch;

/**
 * Segment and trim edits as actions: each runs once through the API and returns the edit that
 * undoes and redoes it, for the UndoStack. Undoing a create deletes; redoing re-creates under the
 * same id, so edits made after it still find their segment.
 */
export class SegmentEdits {
  constructor(
    private readonly client: StudioClient,
    private readonly episodeId: string,
  ) {}

  async create(draft: SegmentDraft): Promise<UndoableEdit> {
    const created = await this.client.call('createSegment', { episodeId: this.episodeId, ...draft });
    return this.createdEdit(created, `create segment ${created.label || ''}`.trim());
  }

  private createdEdit(created: Segment, label: string): UndoableEdit {
    return {
      label,
      undo: async () => void (await this.client.call('deleteSegment', { id: created.id })),
      redo: async () =>
        void (await this.client.call('createSegment', {
          episodeId: this.episodeId,
          id: created.id,
          startNs: created.startNs,
          endNs: created.endNs,
          label: created.label,
          instruction: created.instruction,
          color: created.color,
        })),
    };
  }

  async update(before: Segment, patch: Patch, label = 'edit segment'): Promise<UndoableEdit> {
    await this.client.call('updateSegment', { id: before.id, ...patch });
    const old = pick(before, Object.keys(patch) as (keyof SegmentDraft)[]);
    return {
      label,
      undo: async () => void (await this.client.call('updateSegment', { id: before.id, ...old })),
      redo: async () => void (await this.client.call('updateSegment', { id: before.id, ...patch })),
    };
  }

  async remove(segment: Segment): Promise<UndoableEdit> {
    await this.client.call('deleteSegment', { id: segment.id });
    const inverse = this.createdEdit(segment, 'delete segment');
    return { label: 'delete segment', undo: inverse.redo, redo: inverse.undo };
  }

  /** Splits at `atNs` into two segments with the same label. */
  async split(segment: Segment, atNs: number): Promise<UndoableEdit> {
    const first = await this.update(segment, { endNs: atNs });
    const second = await this.create({
      ...pick(segment, ['label', 'instruction', 'color']),
      startNs: atNs,
      endNs: segment.endNs,
    } as SegmentDraft);
    return compound('split segment', [first, second]);
  }

  /** Merges `b` into `a`: `a` spans both, `b` is deleted. */
  async merge(a: Segment, b: Segment): Promise<UndoableEdit> {
    const grow = await this.update(a, {
      startNs: Math.min(a.startNs, b.startNs),
      endNs: Math.max(a.endNs, b.endNs),
    });
    const gone = await this.remove(b);
    return compound('merge segments', [grow, gone]);
  }

  async setTrim(before: Trim | null, trim: Trim | null): Promise<UndoableEdit> {
    await this.client.call('setTrim', { episodeId: this.episodeId, trim });
    return {
      label: trim ? 'trim episode' : 'clear trim',
      undo: async () => void (await this.client.call('setTrim', { episodeId: this.episodeId, trim: before })),
      redo: async () => void (await this.client.call('setTrim', { episodeId: this.episodeId, trim })),
    };
  }
}

function compound(label: string, edits: UndoableEdit[]): UndoableEdit {
  return {
    label,
    undo: async () => {
      for (const e of [...edits].reverse()) await e.undo();
    },
    redo: async () => {
      for (const e of edits) await e.redo();
    },
  };
}
