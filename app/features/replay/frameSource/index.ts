export { DecodedFrames, type DecodedFramesOptions } from './decodedFrames';
export { DecodeScheduler } from './decodeScheduler';
export { demuxMp4, fetchVideoTrack, type VideoTrack } from './demux';
