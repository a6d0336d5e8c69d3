export { DecodedFrames, type DecodedFramesOptions } from './decodedFrames';
export { demuxMp4, fetchVideoTrack, type VideoTrack } from './demux';
