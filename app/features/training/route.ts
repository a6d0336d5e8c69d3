import { useEffect, useState } from 'react';

export const TRAIN_HREF = '#/train';

/** Whether the address names the training screen (`#/train`). */
export function useTrainRoute(): boolean {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const on = () => setHash(window.location.hash);
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return hash.startsWith(TRAIN_HREF);
}
