import type { StudioClient } from '../../client';
import type { UndoableEdit } from '../../state/undo';

export type Rect = { x: number; y: number; w: number; h: number };
export type Decision = 'pending' | 'approved' | 'rejected';

/**
 * Redaction review edits as actions: each runs once through the API and returns the edit that
 * undoes and redoes it, for the app's undo history. `after` reloads the review once an undo or
 * redo has reached the studio. Undoing an added track or span deletes it; redoing adds it again
 * under the same id, so later edits still find it.
 */
export class RedactEdits {
  constructor(
    private readonly client: StudioClient,
    private readonly episodeId: string,
    private readonly stream: string,
    private readonly after: () => Promise<void>,
  ) {}

  async decide(trackId: string, decision: Decision): Promise<UndoableEdit> {
    const ref = { episodeId: this.episodeId, trackId };
    const { previous } = await this.client.call('decideTrack', { ...ref, decision });
    return this.edit(
      `${decision === 'approved' ? 'approve' : decision === 'rejected' ? 'reject' : 'reset'} track`,
      () => this.client.call('decideTrack', { ...ref, decision: previous }),
      () => this.client.call('decideTrack', { ...ref, decision }),
    );
  }

  async setKeyframe(trackId: string, frame: number, rect: Rect): Promise<UndoableEdit> {
    const ref = { episodeId: this.episodeId, trackId };
    const box = { frame, ...rect };
    const { previous } = await this.client.call('setKeyframe', { ...ref, box });
    return this.edit(
      'move face box',
      () =>
        previous
          ? this.client.call('setKeyframe', { ...ref, box: { frame, ...previous } })
          : this.client.call('deleteKeyframe', { ...ref, frame }),
      () => this.client.call('setKeyframe', { ...ref, box }),
    );
  }

  /** A drawn box held over `first`–`last`, moved by its keyframes. */
  async addTrack(
    first: number,
    last: number,
    keyframes: (Rect & { frame: number })[],
  ): Promise<{ id: string; edit: UndoableEdit }> {
    const input = { episodeId: this.episodeId, stream: this.stream, first, last, keyframes };
    const { id } = await this.client.call('addTrack', input);
    const edit = this.edit(
      'draw face box',
      () => this.client.call('deleteTrack', { episodeId: this.episodeId, trackId: id }),
      () => this.client.call('addTrack', { ...input, id }),
    );
    return { id, edit };
  }

  /** Removes a drawn track; undo adds it again under its id with its range and keyframes. */
  async removeTrack(track: {
    id: string;
    first: number;
    last: number;
    keyframes: (Rect & { frame: number })[];
  }): Promise<UndoableEdit> {
    const ref = { episodeId: this.episodeId, trackId: track.id };
    const input = {
      episodeId: this.episodeId,
      stream: this.stream,
      first: track.first,
      last: track.last,
      keyframes: track.keyframes,
      id: track.id,
    };
    await this.client.call('deleteTrack', ref);
    return this.edit(
      'delete drawn box',
      () => this.client.call('addTrack', input),
      () => this.client.call('deleteTrack', ref),
    );
  }

  async addSpan(first: number, last: number): Promise<UndoableEdit> {
    const input = { episodeId: this.episodeId, stream: this.stream, first, last };
    const span = await this.client.call('addSpan', input);
    return this.edit(
      'redact whole frames',
      () => this.client.call('deleteSpan', { episodeId: this.episodeId, spanId: span.id }),
      () => this.client.call('addSpan', { ...input, id: span.id }),
    );
  }

  private edit(label: string, undo: () => Promise<unknown>, redo: () => Promise<unknown>): UndoableEdit {
    return {
      label,
      undo: async () => {
        await undo();
        await this.after();
      },
      redo: async () => {
        await redo();
        await this.after();
      },
    };
  }
}
