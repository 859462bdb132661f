/** core/v1 Event: what `kubectl describe` lists at the bottom and `kubectl get events` prints. */
import { type KubeObject } from '../store';
import { metadataErrors } from './meta';
import { at, col, since } from './printing';
import type { KindDefinition } from './registry';

function eventTime(obj: KubeObject, field: 'lastTimestamp' | 'firstTimestamp'): string | undefined {
  return (obj[field] as string | undefined) ?? (obj.eventTime as string | undefined) ?? obj.metadata.creationTimestamp;
}

export const event: KindDefinition = {
  kind: 'Event', group: '', version: 'v1', resource: 'events', singular: 'event', namespaced: true,
  shortNames: ['ev'], model: 'CoreV1Event',
  fieldSelectors: [
    'involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion',
    'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type',
  ],
  defaults(obj) {
    obj.type ??= 'Normal';
    obj.count ??= 1;
  },
  validate: (obj) => metadataErrors(obj),
  columns: [
    col('Last Seen', 'string', 'Time when last Event occurred'),
    col('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future.'),
    col('Reason', 'string', 'Reason is why the action was taken. It is human-readable.'),
    col('Object', 'string', 'Object this event is about.'),
    col('Subobject', 'string', 'Subobject this event is about.', 1),
    col('Source', 'string', 'Source is the component reporting this event.', 1),
    col('Message', 'string', 'A human-readable description of the status of this operation.'),
    col('First Seen', 'string', 'Time when first Event occurred', 1),
    col('Count', 'string', 'The number of times this event has occurred.', 1),
    { name: 'Name', type: 'string', format: 'name', priority: 1, description: 'Name of the event' },
  ],
  row(obj, now) {
    const kind = at<string>(obj, 'involvedObject', 'kind') ?? '';
    const source = [at<string>(obj, 'source', 'component'), at<string>(obj, 'source', 'host')].filter(Boolean).join(', ');
    return [
      since(eventTime(obj, 'lastTimestamp'), now), obj.type, obj.reason,
      `${kind.toLowerCase()}/${at<string>(obj, 'involvedObject', 'name') ?? ''}`,
      at<string>(obj, 'involvedObject', 'fieldPath') ?? '', source, obj.message,
      since(eventTime(obj, 'firstTimestamp'), now), obj.count ?? 1, obj.metadata.name,
    ];
  },
};
