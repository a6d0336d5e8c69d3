/** A frame source as the scheduler sees it. */
export interface ScheduledSource {
  /** Whether a request waits on this source's decoder (a seek or step someone is waiting for). */
  readonly wanting: boolean;
  /** Hands the decoder whatever work the source held back. */
  resume(): void;
}

/**
 * Shares the cores between the cameras' decoders: while any camera has a request waiting, only the
 * cameras with a request feed their decoders; decoding ahead (the rest of a group, the neighbour
 * group) waits until every waiting request is answered. Without it one camera's decode-ahead
 * competes with the next camera's seek, and a seek of three cameras ends with the slowest.
 */
export class DecodeScheduler {
  private readonly sources = new Set<ScheduledSource>();

  add(source: ScheduledSource): () => void {
    this.sources.add(source);
    return () => {
      this.sources.delete(source);
      this.kick();
    };
  }

  /** Whether `source` may hand work to its decoder now. */
  mayDecode(source: ScheduledSource): boolean {
    if (source.wanting) return true;
    for (const s of this.sources) if (s !== source && s.wanting) return false;
    return true;
  }

  /** A source's last waiting request was answered: the others may go on with held-back work. */
  kick(): void {
    for (const s of this.sources) if (this.mayDecode(s)) s.resume();
  }
}
