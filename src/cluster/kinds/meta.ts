/** Validation shared by every kind (apimachinery/pkg/api/validation/objectmeta.go, util/validation). */
import { fieldErrors, type FieldError, type KubeObject } from '../store';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function dns1123LabelErrors(field: string, value: string): FieldError[] {
  if (value.length > 63) return [fieldErrors.invalid(field, value, 'must be no more than 63 characters')];
  if (!DNS1123_LABEL.test(value)) {
    return [fieldErrors.invalid(field, value,
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")];
  }
  return [];
}

export function dns1123SubdomainErrors(field: string, value: string): FieldError[] {
  if (value.length > 253) return [fieldErrors.invalid(field, value, 'must be no more than 253 characters')];
  if (!DNS1123_SUBDOMAIN.test(value)) {
    return [fieldErrors.invalid(field, value,
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")];
  }
  return [];
}

/** ValidateObjectMeta: the name (subdomain, or label for kinds that need one). */
export function metadataErrors(obj: KubeObject, nameRule: 'subdomain' | 'label' = 'subdomain'): FieldError[] {
  const name = obj.metadata?.name;
  if (!name) return [fieldErrors.required('metadata.name', 'name or generateName is required')];
  return nameRule === 'label' ? dns1123LabelErrors('metadata.name', name) : dns1123SubdomainErrors('metadata.name', name);
}

/** Labels on a template must be valid label values (a common learner typo: spaces). */
export function labelErrors(field: string, labels: Record<string, unknown> | undefined): FieldError[] {
  const out: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (typeof v !== 'string' || (v !== '' && !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(v)) || v.length > 63) {
      out.push(fieldErrors.invalid(`${field}`, v,
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));
    }
    void k;
  }
  return out;
}

/** Go's %#v of a map[string]string, as field.Invalid prints a label map (keys sorted, as fmt does). */
export function goStringMap(m: Record<string, unknown> | undefined): string {
  if (!m) return 'map[string]string(nil)';
  return `map[string]string{${Object.keys(m).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(m[k])}`).join(', ')}}`;
}

/** Go's %#v of a metav1.LabelSelector (field.Invalid dereferences the pointer and prints the struct). */
export function goLabelSelector(sel: { matchLabels?: Record<string, unknown>; matchExpressions?: unknown[] } | undefined): string {
  const exprs = sel?.matchExpressions?.length
    ? `[]v1.LabelSelectorRequirement{${sel.matchExpressions.map((e) => {
      const r = e as { key?: string; operator?: string; values?: string[] };
      return `v1.LabelSelectorRequirement{Key:${JSON.stringify(r.key ?? '')}, Operator:${JSON.stringify(r.operator ?? '')}, Values:${r.values ? `[]string{${r.values.map((v) => JSON.stringify(v)).join(', ')}}` : '[]string(nil)'}}`;
    }).join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${goStringMap(sel?.matchLabels)}, MatchExpressions:${exprs}}`;
}

/** The invalid-value error with a value already printed the Go way (field.Invalid with a struct or map). */
export function invalidGo(field: string, shown: string, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, detail: `Invalid value: ${shown}: ${detail}` };
}
