import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';

/** The writer's own schema type (it bundles its own hyparquet). */
export type SchemaElement = NonNullable<Parameters<typeof parquetWriteFile>[0]['schema']>[number];

/** A column to write: its values and its parquet schema elements (one, or three for a list). */
export interface Column {
  name: string;
  data: unknown[];
  schema: SchemaElement[];
}

const scalar = (
  name: string,
  type: SchemaElement['type'],
  extra: Partial<SchemaElement> = {},
): SchemaElement => ({
  name,
  type,
  repetition_type: 'OPTIONAL',
  ...extra,
});

const list = (name: string, element: SchemaElement): SchemaElement[] => [
  {
    name,
    repetition_type: 'OPTIONAL',
    num_children: 1,
    converted_type: 'LIST',
    logical_type: { type: 'LIST' },
  },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { ...element, name: 'element' },
];

export const int64Column = (name: string, data: number[]): Column => ({
  name,
  data: data.map((v) => BigInt(v)),
  schema: [scalar(name, 'INT64')],
});
export const floatColumn = (name: string, data: number[]): Column => ({
  name,
  data,
  schema: [scalar(name, 'FLOAT')],
});
export const doubleColumn = (name: string, data: number[]): Column => ({
  name,
  data,
  schema: [scalar(name, 'DOUBLE')],
});
export const stringColumn = (name: string, data: string[]): Column => ({
  name,
  data,
  schema: [scalar(name, 'BYTE_ARRAY', { converted_type: 'UTF8', logical_type: { type: 'STRING' } })],
});
export const floatListColumn = (name: string, data: number[][]): Column => ({
  name,
  data,
  schema: list(name, scalar('element', 'FLOAT')),
});
export const doubleListColumn = (name: string, data: number[][]): Column => ({
  name,
  data,
  schema: list(name, scalar('element', 'DOUBLE')),
});
/** A channel-first image statistic, `[channels][1][1]`, as LeRobot stores it. */
export const double3ListColumn = (name: string, data: number[][][][]): Column => ({
  name,
  data,
  schema: [
    ...list(name, scalar('element', 'DOUBLE')).slice(0, 2),
    ...list('element', scalar('element', 'DOUBLE')).slice(0, 2),
    ...list('element', scalar('element', 'DOUBLE')),
  ],
});

export const int64ListColumn = (name: string, data: number[][]): Column => ({
  name,
  data: data.map((row) => row.map((v) => BigInt(v))),
  schema: list(name, scalar('element', 'INT64')),
});
export const stringListColumn = (name: string, data: string[][]): Column => ({
  name,
  data,
  schema: list(
    name,
    scalar('element', 'BYTE_ARRAY', { converted_type: 'UTF8', logical_type: { type: 'STRING' } }),
  ),
});

/** The file schema of these columns. */
export const schemaOf = (columns: Column[]): SchemaElement[] => [
  { name: 'schema', num_children: columns.length },
  ...columns.flatMap((c) => c.schema),
];

export function writeParquet(
  filename: string,
  columns: Column[],
  kvMetadata?: { key: string; value: string }[],
): void {
  mkdirSync(path.dirname(filename), { recursive: true });
  parquetWriteFile({
    filename,
    columnData: columns.map((c) => ({ name: c.name, data: c.data as never })),
    schema: schemaOf(columns),
    ...(kvMetadata ? { kvMetadata } : {}),
    createdBy: 'mimic-studio',
  });
}
