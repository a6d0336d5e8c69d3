import { useQuery } from '@tanstack/react-query';
import { blobRef } from '../../../src/common/api';
import { useStudio } from '../../state/studioContext';
import { parseTimestamps } from './frames';

/**
 * A stream's frame times (its timestamps blob), read once: a blob is named by its hash and never
 * changes. A failure is toasted and logged by the QueryClient.
 */
export function useFrameTimes(timestampsBlob: string | undefined): Float64Array | null {
  const client = useStudio();
  const query = useQuery({
    queryKey: ['frameTimes', timestampsBlob],
    queryFn: async () => {
      const res = await fetch(client.mediaUrl(blobRef(timestampsBlob!)), { credentials: 'same-origin' });
      if (!res.ok) throw new Error(`frame times: HTTP ${res.status}`);
      return parseTimestamps(await res.arrayBuffer());
    },
    enabled: timestampsBlob !== undefined,
    staleTime: Infinity,
  });
  return query.data ?? null;
}
