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
