/**
 * successPolicy (success_policy.go matchSuccessPolicy): the first rule whose succeededIndexes /
 * succeededCount is met declares the Job successful (reason SuccessPolicy).
 */
import { parseIndexes } from './job-indexes';

export interface SuccessPolicyRule { succeededIndexes?: string; succeededCount?: number }

export function matchSuccessPolicy(rules: SuccessPolicyRule[] | undefined, completions: number, completed: Set<number>): { message: string } | undefined {
  for (const [index, rule] of (rules ?? []).entries()) {
    let matched: boolean;
    if (rule.succeededIndexes !== undefined) {
      const want = parseIndexes(rule.succeededIndexes, completions);
      const have = [...want].filter((i) => completed.has(i)).length;
      matched = rule.succeededCount !== undefined ? have >= rule.succeededCount : have === want.size && want.size > 0;
    } else {
      matched = rule.succeededCount !== undefined && completed.size >= rule.succeededCount;
    }
    if (matched) return { message: `Matched rules at index ${index}` };
  }
  return undefined;
}
