import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { GamepadInput, type PadFrame } from './gamepadInput';

/** One gamepad poller for the screen's lifetime. */
export function useGamepad(): GamepadInput {
  const [input] = useState(() => new GamepadInput());
  useEffect(() => {
    input.start();
    return () => input.stop();
  }, [input]);
  return input;
}

/** Calls the latest `handler` with each reading of the pad. */
export function usePadFrames(input: GamepadInput | null, handler: (frame: PadFrame) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => input?.onFrame((f) => ref.current(f)), [input]);
}

/** A chip naming the connected gamepad, or saying none is. */
export function GamepadChip({ input }: { input: GamepadInput }) {
  const id = useSyncExternalStore(
    (changed) => input.onConnection(changed),
    () => input.connected,
  );
  return (
    <span
      className={`chip gamepad-chip ${id ? 'on' : ''}`}
      data-testid="gamepad-status"
      data-connected={id ? 'yes' : 'no'}
      title={id ?? 'Connect a gamepad and press a button to use it'}
    >
      {id ? `gamepad: ${id.split('(')[0]!.trim().slice(0, 28)}` : 'no gamepad'}
    </span>
  );
}
