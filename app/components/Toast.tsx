import { useCallback, useRef, useState } from 'react';

export interface ToastState {
  message: string;
  kind: 'info' | 'error';
  id: number;
}

export function useToast() {
  const [state, setState] = useState<ToastState | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const show = useCallback((message: string, kind: ToastState['kind'] = 'info') => {
    if (timer.current) clearTimeout(timer.current);
    setState({ message, kind, id: Date.now() });
    timer.current = setTimeout(() => setState(null), kind === 'error' ? 8000 : 3500);
  }, []);
  return { state, show };
}

export function Toast({ state }: { state: ToastState | null }) {
  if (!state) return null;
  return (
    <div className={`toast ${state.kind}`} role="status" data-testid="toast">
      {state.message}
    </div>
  );
}
