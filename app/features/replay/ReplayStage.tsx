import type { EpisodePlayer } from './episodePlayer';
import { PlotPanel, type PlotOverlay } from './PlotPanel';
import { ScenePanel } from './ScenePanel';
import { usePlayer } from './usePlayer';
import { VideoPanel } from './VideoPanel';

/**
 * The shown cameras and the 3D view side by side, with the plots below them; `overlays` draws
 * values over a stream's plot (by stream name), e.g. the labels over the action.
 */
export function ReplayStage({
  player,
  onEditRig,
  overlays,
  plotHeight = 130,
}: {
  player: EpisodePlayer;
  onEditRig(): void;
  overlays?: Readonly<Record<string, PlotOverlay>>;
  plotHeight?: number;
}) {
  usePlayer(player, 'layout', 'rig');
  const { layout, rig, shownCameras, plots } = player;
  const showScene = player.showScene && rig !== null;
  return (
    <div className="replay-body">
      <div className="stage" data-count={shownCameras.length + (showScene ? 1 : 0)}>
        {shownCameras.map((c) => (
          <VideoPanel key={c.id} stream={c} player={player} />
        ))}
        {showScene && <ScenePanel player={player} rig={rig} onEditRig={onEditRig} />}
      </div>
      {plots.length > 0 && (
        <div className="plots">
          {plots.map((name) => (
            <PlotPanel
              key={name}
              source={player.sources.get(name)!}
              clock={player.clock}
              timeRange={player.timeRange}
              height={plotHeight}
              overlay={overlays?.[name] ?? null}
              velocity={layout.velocityPlots.includes(name)}
              onVelocity={(on) =>
                player.setLayout({
                  velocityPlots: on
                    ? [...layout.velocityPlots, name]
                    : layout.velocityPlots.filter((n) => n !== name),
                })
              }
            />
          ))}
        </div>
      )}
    </div>
  );
}
