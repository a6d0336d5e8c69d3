export * from './contract';
export * from './schemas';
export * from './bridge';
export * from './episodeCalls';
export * from './replayCalls';
export * from './trainingCalls';
export * from './rigCalls';
