import { useRef, useState } from 'react';
import { useStudio } from '../state/studioContext';
import type { UndoStack } from '../state/undo';
import { useNotices } from './Toast';

/** An episode's tags as removable chips plus an input; every change is an undoable edit. */
export function TagEditor(props: {
  episodeId: string;
  episodeName: string;
  /** The tags as last read; a save shows its result until the read catches up. */
  tags: readonly string[];
  undo: UndoStack;
}) {
  const { episodeId, episodeName } = props;
  const client = useStudio();
  const notices = useNotices();
  const [newTag, setNewTag] = useState('');
  const [saved, setSaved] = useState<{ over: readonly string[]; tags: readonly string[] } | null>(null);
  const tags = saved && saved.over === props.tags ? saved.tags : props.tags;
  const read = useRef(props.tags);
  read.current = props.tags;

  const setTags = async (next: string[], label: string) => {
    const before = [...tags];
    const apply = async (t: string[]) => {
      const result = await client.call('setEpisodeTags', { episodeId, tags: t });
      setSaved({ over: read.current, tags: result.tags });
    };
    try {
      await apply(next);
      props.undo.push({ label, undo: () => apply(before), redo: () => apply(next) });
    } catch (e) {
      notices.error(e, label);
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
