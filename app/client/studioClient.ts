import {
  calls,
  events,
  type CallInput,
  type CallName,
  type CallOutput,
  type EventName,
  type EventPayload,
  type MediaRef,
} from '../../src/common/api';

/**
 * The renderer's view of the studio: the same whether Electron IPC or the web host serves it, and
 * nothing above the client can tell which one does.
 */
export interface StudioClient {
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>>;
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void;
  /** Where the renderer loads a blob or a shipped robot file from (a URL for <video>, fetch, loaders). */
  mediaUrl(ref: MediaRef): string;
  /**
   * Makes files the user dropped or picked readable by the studio (uploads them to the web host)
   * and returns the paths an import names for them: a picked folder as the folder.
   */
  stageFiles(files: File[]): Promise<string[]>;
  /** Imports files the user dropped or picked; returns the import job's id. */
  importFiles(files: File[], dataset: string): Promise<{ jobId: string }>;
  /** Adds a robot from a URDF file the user picked and the files of its mesh folder. */
  addRobotFiles(urdf: File, meshes: File[]): Promise<CallOutput<'addRobot'>>;
}

export class ClientError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ClientError';
  }
}

/** Validates what crossed the boundary against the contract. */
export function parseOutput<K extends CallName>(name: K, data: unknown): CallOutput<K> {
  const r = calls[name].output.safeParse(data);
  if (!r.success) throw new ClientError('internal', `${name}: unexpected response from the studio`);
  return r.data as CallOutput<K>;
}

export function parseEvent<K extends EventName>(name: K, data: unknown): EventPayload<K> | null {
  const r = events[name].safeParse(data);
  return r.success ? (r.data as EventPayload<K>) : null;
}

type AnyListener = (payload: unknown) => void;

/** Keeps listeners per event name for clients whose transport delivers (name, payload) pairs. */
export class Listeners {
  private readonly map = new Map<string, Set<AnyListener>>();

  add<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void {
    const set = this.map.get(name) ?? new Set<AnyListener>();
    this.map.set(name, set);
    set.add(listener as AnyListener);
    return () => set.delete(listener as AnyListener);
  }

  deliver(name: string, raw: unknown): void {
    if (!Object.hasOwn(events, name)) return;
    const payload = parseEvent(name as EventName, raw);
    if (payload === null) return;
    for (const l of this.map.get(name) ?? []) l(payload);
  }
}
