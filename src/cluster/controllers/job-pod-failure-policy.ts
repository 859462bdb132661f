/**
 * podFailurePolicy matching (pod_failure_policy.go matchPodFailurePolicy): rules in order, the
 * first match wins; onExitCodes looks at terminated containers (optionally one containerName),
 * onPodConditions at the pod's True conditions. Messages are upstream's, word for word.
 */
import type { KubeObject } from '../store';

export type PodFailureAction = 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';

interface ExitCodesReq { containerName?: string; operator: 'In' | 'NotIn'; values: number[] }
interface PodConditionReq { type: string; status?: string }
export interface PodFailurePolicyRule { action: PodFailureAction; onExitCodes?: ExitCodesReq; onPodConditions?: PodConditionReq[] }

interface ContainerStatus { name: string; state?: { terminated?: { exitCode?: number } } }

function terminatedContainers(pod: KubeObject): ContainerStatus[] {
  const st = (pod.status ?? {}) as { initContainerStatuses?: ContainerStatus[]; containerStatuses?: ContainerStatus[] };
  return [...(st.initContainerStatuses ?? []), ...(st.containerStatuses ?? [])].filter((c) => c.state?.terminated);
}

function matchExitCodes(pod: KubeObject, req: ExitCodesReq): ContainerStatus | undefined {
  for (const c of terminatedContainers(pod)) {
    if (req.containerName && req.containerName !== c.name) continue;
    const code = c.state!.terminated!.exitCode ?? 0;
    // pod_failure_policy.go: exit code 0 never matches (a container that succeeded did not fail the pod).
    if (code === 0) continue;
    const inValues = req.values.includes(code);
    if ((req.operator === 'In') === inValues) return c;
  }
  return undefined;
}

/** The action and message of the first matching rule, or undefined (then the failure counts). */
export function matchPodFailurePolicy(rules: PodFailurePolicyRule[] | undefined, pod: KubeObject): { action: PodFailureAction; message: string; index: number } | undefined {
  const ns = pod.metadata.namespace;
  const name = pod.metadata.name;
  for (const [index, rule] of (rules ?? []).entries()) {
    if (rule.onExitCodes) {
      const c = matchExitCodes(pod, rule.onExitCodes);
      if (c) {
        const code = c.state!.terminated!.exitCode;
        return { action: rule.action, index, message: `Container ${c.name} for pod ${ns}/${name} failed with exit code ${code} matching ${rule.action} rule at index ${index}` };
      }
    }
    for (const req of rule.onPodConditions ?? []) {
      const conds = ((pod.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions ?? []);
      if (conds.some((pc) => pc.type === req.type && pc.status === (req.status ?? 'True'))) {
        return { action: rule.action, index, message: `Pod ${ns}/${name} has condition ${req.type} matching ${rule.action} rule at index ${index}` };
      }
    }
  }
  return undefined;
}
