import { parse as parseMessageDefinition } from '@foxglove/rosmsg';
import { MessageReader as Ros1Reader } from '@foxglove/rosmsg-serialization';
import { MessageReader as Ros2Reader } from '@foxglove/rosmsg2-serialization';
import { protobufFromBinaryDescriptor } from '@mcap/support';
import type { RecordingChannel } from './types';

export type Decode = (data: Uint8Array) => unknown;

const text = new TextDecoder();

/**
 * A decoder for a channel's messages, or why there is none. ROS 1 and ROS 2 (CDR) messages are
 * decoded with their embedded message definitions, protobuf messages with their embedded
 * descriptor set (64-bit integers as numbers), JSON messages as JSON.
 */
export function decoderFor(channel: RecordingChannel): Decode | { unsupported: string } {
  try {
    switch (channel.messageEncoding) {
      case 'ros1': {
        const reader = new Ros1Reader(parseMessageDefinition(text.decode(channel.schema)));
        return (data) => reader.readMessage(data);
      }
      case 'cdr': {
        if (channel.schemaEncoding !== 'ros2msg') {
          return { unsupported: `CDR messages with a ${channel.schemaEncoding || 'missing'} schema` };
        }
        const reader = new Ros2Reader(parseMessageDefinition(text.decode(channel.schema), { ros2: true }));
        return (data) => reader.readMessage(data);
      }
      case 'protobuf': {
        if (channel.schemaEncoding !== 'protobuf') {
          return { unsupported: `protobuf messages with a ${channel.schemaEncoding || 'missing'} schema` };
        }
        const type = protobufFromBinaryDescriptor(channel.schema).lookupType(channel.schemaName);
        return (data) => type.toObject(type.decode(data), { longs: Number, defaults: true });
      }
      case 'json':
        return (data) => JSON.parse(text.decode(data)) as unknown;
      default:
        return {
          unsupported: channel.messageEncoding
            ? `message encoding "${channel.messageEncoding}" is not read (ros1, cdr, protobuf and json are)`
            : 'its messages name no encoding',
        };
    }
  } catch (e) {
    return { unsupported: `its message definition does not parse (${(e as Error).message})` };
  }
}
