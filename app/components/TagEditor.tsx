import { useState } from 'react';
import { useStudio } from '../state/studioContext';
import type { UndoStack } from '../state/undo';

/** An episode's tags as removable chips plus an input; every change is an undoable edit. */
export function TagEditor(props: {
  episodeId: string;
  episodeName: string;
  tags: readonly string[];
  undo: UndoStack;
  onChanged(tags: string[]): void;
  onError(message: string): void;
}) {
  const { episodeId, episodeName, tags } = props;
  const client = useStudio();
  const [newTag, setNewTag] = useState('');

  const setTags = async (next: string[], label: string) => {
    const before = [...tags];
    const apply = async (t: string[]) => {
      const saved = await client.call('setEpisodeTags', { episodeId, tags: t });
      props.onChanged(saved.tags);
    };
    try {
      await apply(next);
      props.undo.push({ label, undo: () => apply(before), redo: () => apply(next) });
    } catch (e) {
      props.onError((e as Error).message);
    }
  };

  const addTag = () => {
    const t = newTag.trim();
    if (!t || tags.includes(t)) return;
    setNewTag('');
    void setTags([...tags, t], `tag "${t}" on ${episodeName}`);
  };

  return (
    <div className="tag-editor" data-testid="tag-editor">
      {tags.map((t) => (
        <span key={t} className="chip tag removable">
          {t}
          <button
            aria-label={`Remove tag ${t}`}
            onClick={() =>
              void setTags(
                tags.filter((x) => x !== t),
                `untag "${t}" on ${episodeName}`,
              )
            }
          >
            ×
          </button>
        </span>
      ))}
      <input
        value={newTag}
        placeholder="Add tag, Enter"
        onChange={(e) => setNewTag(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && addTag()}
        data-testid="tag-input"
      />
    </div>
  );
}
