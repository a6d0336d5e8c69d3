import { frameByName, type ObjectFrame } from './frame';
import { relativeToByName, relativeToPoint } from './relative';

/** How a request asks for actions to be learned, by column names (the training request's fields). */
export interface ActionSettingsByName {
  /** Each action named like an observation value as its offset from it. */
  relativeActions?: boolean;
  /** Every action point as its offset from this observation point. */
  actionsRelativeTo?: string;
  /** Every point seen from this object. */
  objectFrame?: string;
}

/**
 * The relative-action mapping and the object frame that `settings` name, resolved against a
 * dataset's columns. Throws, naming the columns, where a name is missing, and when both kinds of
 * relative actions are asked for.
 */
export function resolveActionSettings(
  settings: ActionSettingsByName,
  actionColumns: readonly string[],
  obsColumns: readonly string[],
): { relativeTo?: number[]; frame?: ObjectFrame } {
  if (settings.relativeActions && settings.actionsRelativeTo !== undefined)
    throw new Error('choose one of relative actions (by name) and actions relative to a point, not both');
  const relativeTo = settings.relativeActions
    ? relativeToByName(actionColumns, obsColumns)
    : settings.actionsRelativeTo === undefined
      ? undefined
      : relativeToPoint(actionColumns, obsColumns, settings.actionsRelativeTo);
  const frame =
    settings.objectFrame === undefined
      ? undefined
      : frameByName(settings.objectFrame, obsColumns, actionColumns);
  return { ...(relativeTo ? { relativeTo } : {}), ...(frame ? { frame } : {}) };
}
