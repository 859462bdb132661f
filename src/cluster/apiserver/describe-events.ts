/**
 * `kubectl describe` prints event ages client-side (describe.go DescribeEvents: time.Since of
 * firstTimestamp/lastTimestamp/eventTime/series.lastObservedTime) against the real clock. The
 * cluster's timestamps are virtual: at --speed > 1 they run ahead, and every age would print
 * `<invalid>` (HumanDuration of a negative duration). For a request kubectl marks as a describe
 * (the Kubectl-Command header, KEP-859), the Events' times are shifted by (real − virtual) now, so
 * the ages describe prints are the virtual ages `kubectl get` shows. Nothing stored changes.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { rfc3339, rfc3339Micro } from '../clock';
import type { KubeObject } from '../store';

/** kubectl sends `Kubectl-Command: kubectl <command>` unless KUBECTL_COMMAND_HEADERS=false. */
export function isKubectlCommand(headers: IncomingHttpHeaders, command: string): boolean {
  return headers['kubectl-command'] === `kubectl ${command}`;
}

type EventTimes = { firstTimestamp?: string; lastTimestamp?: string; eventTime?: string; series?: { lastObservedTime?: string } };

/** Copies of the Events with their times moved by `shiftMs` (real now − virtual now). */
export function shiftEventTimes(items: KubeObject[], shiftMs: number): KubeObject[] {
  if (Math.abs(shiftMs) < 1000) return items;
  const move = (t: string | undefined, micro: boolean) => {
    if (!t) return t;
    const ms = Date.parse(t) + shiftMs;
    return micro ? rfc3339Micro(ms) : rfc3339(ms);
  };
  return items.map((item) => {
    const e = item as KubeObject & EventTimes;
    return {
      ...e,
      ...(e.firstTimestamp ? { firstTimestamp: move(e.firstTimestamp, false) } : {}),
      ...(e.lastTimestamp ? { lastTimestamp: move(e.lastTimestamp, false) } : {}),
      ...(e.eventTime ? { eventTime: move(e.eventTime, true) } : {}),
      ...(e.series?.lastObservedTime ? { series: { ...e.series, lastObservedTime: move(e.series.lastObservedTime, true) } } : {}),
    } as KubeObject;
  });
}
