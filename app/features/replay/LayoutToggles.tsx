import type { EpisodePlayer } from './episodePlayer';
import { usePlayer } from './usePlayer';

/** Which cameras, plots and the 3D view the replay shows; the rig dialog opens from here too. */
export function LayoutToggles({ player, onEditRig }: { player: EpisodePlayer; onEditRig(): void }) {
  usePlayer(player, 'layout', 'rig');
  const { layout, plots } = player;
  const toggle = (list: string[], name: string, on: boolean) =>
    on ? [...list.filter((n) => n !== name), name] : list.filter((n) => n !== name);
  return (
    <div className="layout-toggles" data-testid="layout">
      {player.cameras.map((c) => (
        <label key={c.name}>
          <input
            type="checkbox"
            checked={!layout.hiddenCameras.includes(c.name)}
            onChange={(e) =>
              player.setLayout({ hiddenCameras: toggle(layout.hiddenCameras, c.name, !e.target.checked) })
            }
          />
          {c.name}
        </label>
      ))}
      {player.series.map((s) => (
        <label key={s.name}>
          <input
            type="checkbox"
            checked={plots.includes(s.name)}
            onChange={(e) => player.setLayout({ plots: toggle(plots, s.name, e.target.checked) })}
          />
          plot {s.name}
        </label>
      ))}
      <label
        title={player.hasScene ? '' : 'No series stream has the robot’s joint names: map them with “Robot…”'}
      >
        <input
          type="checkbox"
          checked={player.showScene}
          disabled={!player.hasScene}
          onChange={(e) => player.setLayout({ scene: e.target.checked })}
        />
        3D
      </label>
      {!player.showScene && player.rig && (
        <button onClick={onEditRig} data-testid="open-rig" title="Robot, joint columns and cameras">
          Robot…
        </button>
      )}
    </div>
  );
}
