/** Names the built-in simulators and builds an env or its expert from a name. */
import { ArmEnv } from './arm/armEnv';
import { ArmExpert } from './experts/armExpert';
import type { Expert, ExpertOptions } from './experts/expert';
import { LaneExpert } from './experts/laneExpert';
import { PushTExpert } from './experts/pushtExpert';
import { LaneEnv } from './lane/laneEnv';
import { PushTEnv } from './pusht/pushtEnv';
import type { Env } from './types';

export const SIM_NAMES = ['pusht', 'lane', 'arm'] as const;
export type SimName = (typeof SIM_NAMES)[number];

export interface SimOptions {
  /** SO-101 URDF text for the arm (defaults to the copy in resources/). */
  urdf?: string;
}

export function createEnv(name: SimName, options: SimOptions = {}): Env<Float32Array> {
  switch (name) {
    case 'pusht':
      return new PushTEnv();
    case 'lane':
      return new LaneEnv();
    case 'arm':
      return new ArmEnv(options.urdf === undefined ? {} : { urdf: options.urdf });
  }
}

export function createExpert(name: SimName, options: ExpertOptions & SimOptions = {}): Expert {
  switch (name) {
    case 'pusht':
      return new PushTExpert(options);
    case 'lane':
      return new LaneExpert(options);
    case 'arm':
      return new ArmExpert(options);
  }
}
