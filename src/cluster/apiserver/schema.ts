/**
 * Decoding as the apiserver does it into the Go types: values of the wrong JSON type (a 400 before
 * validation), and unknown fields (strict decoding, fieldValidation=Warn|Strict).
 * The field lists come from @kubernetes/client-node's generated models, which mirror the
 * OpenAPI schema, so they are the same fields kubectl knows. Unknown fields are also pruned,
 * as decoding into the Go types drops them upstream.
 */
interface Attribute {
  baseName: string;
  type: string;
  format?: string;
}

/** Fields whose Go type is resource.Quantity (it unmarshals numbers too); client-node calls them strings. */
const QUANTITY_FIELDS = new Set(['limits', 'requests', 'capacity', 'allocatable', 'overhead', 'hard', 'used', 'sizeLimit']);
const INT_RANGE: Record<string, [number, number]> = { int32: [-(2 ** 31), 2 ** 31 - 1], int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] };

/** encoding/json's name for a JSON value in "cannot unmarshal <value>". */
function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'object' ? 'object' : typeof v;
}

/** The Go type a client-node type stands for (`Array<V1EnvVar>` is `[]v1.EnvVar`); undefined: not checked. */
function goType(type: string, format = ''): string | undefined {
  const array = /^Array<(.+)>$/.exec(type);
  if (array) return goType(array[1]) && `[]${goType(array[1])}`;
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) return goType(map[1]) && `map[string]${goType(map[1])}`;
  if (type === 'string') return 'string';
  if (type === 'boolean') return 'bool';
  if (type === 'number') return format === 'int32' || format === 'int64' ? format : 'float64';
  // IntOrString, Quantity, Date (metav1.Time) and free-form objects have their own unmarshalers.
  const model = /^(?:Core|Apps|Batch)?V\d+((?:alpha|beta)\d+)?([A-Z]\w*)$/.exec(type);
  return model && !['IntOrString'].includes(type) ? `v1.${model[2]}` : undefined;
}

interface TypeInfo {
  go: string;
  kind: 'array' | 'map' | 'string' | 'bool' | 'float' | 'int' | 'struct';
  /** The element type of an array or map. */
  elem?: string;
  /** The client-node model of a struct. */
  model?: string;
}

const typeInfos = new Map<string, TypeInfo | undefined>();

/** goType and the check to make, worked out once per client-node type (writes are hot). */
function typeInfo(type: string, format = ''): TypeInfo | undefined {
  const key = `${type}|${format}`;
  if (!typeInfos.has(key)) {
    const go = goType(type, format);
    const container = /^Array<(.+)>$/.exec(type) ?? /^\{ \[key: string\]: (.+); \}$/.exec(type);
    const kind: TypeInfo['kind'] = container ? (type.startsWith('Array') ? 'array' : 'map')
      : go === 'string' ? 'string' : go === 'bool' ? 'bool' : go === 'float64' ? 'float' : go && go in INT_RANGE ? 'int' : 'struct';
    typeInfos.set(key, go === undefined ? undefined : { go, kind, elem: container?.[1], model: kind === 'struct' ? type : undefined });
  }
  return typeInfos.get(key);
}

/** A request body whose JSON does not fit the Go types (encoding/json's UnmarshalTypeError). */
export interface TypeMismatch {
  /** "json: cannot unmarshal string into Go struct field JobSpec.spec.completions of type int32" */
  message: string;
}

type Models = Record<string, { getAttributeTypeMap?: () => Attribute[] } | undefined>;

export class SchemaChecker {
  constructor(private readonly models: Models) {}

  /** Loads the models once (client-node is an ES module, hence the dynamic import). */
  static async load(): Promise<SchemaChecker> {
    const k = (await import('@kubernetes/client-node')) as unknown as Models;
    return new SchemaChecker(k);
  }

  private readonly attrCache = new Map<string, Map<string, Attribute> | undefined>();

  private attributes(model: string): Map<string, Attribute> | undefined {
    if (!this.attrCache.has(model)) {
      const m = this.models[model];
      const attrs = typeof m?.getAttributeTypeMap === 'function' ? m.getAttributeTypeMap() : undefined;
      this.attrCache.set(model, attrs && new Map(attrs.map((a) => [a.baseName, a])));
    }
    return this.attrCache.get(model);
  }

  /**
   * The first value whose JSON type does not fit its Go field, in document order, as the apiserver's
   * decoder reports it (400, before any validation); undefined when the body decodes.
   */
  typeMismatch(model: string, value: unknown): TypeMismatch | undefined {
    return this.check(model, value, []);
  }

  private check(model: string, value: unknown, stack: string[]): TypeMismatch | undefined {
    const byName = this.attributes(model);
    if (!byName || !value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    for (const key in value as Record<string, unknown>) {
      const a = byName.get(key);
      if (!a || QUANTITY_FIELDS.has(key)) continue;
      stack.push(key);
      const bad = this.checkValue(typeInfo(a.type, a.format), (value as Record<string, unknown>)[key], stack);
      if (bad && 'message' in bad) return bad;
      if (bad) return { message: `json: cannot unmarshal ${bad.value} into Go struct field ${goType(model)!.slice('v1.'.length)}.${stack.join('.')} of type ${bad.goType}` };
      stack.pop();
    }
    return undefined;
  }

  /** What does not fit the type: this value (named as encoding/json does), or a mismatch deeper down. */
  private checkValue(t: TypeInfo | undefined, v: unknown, stack: string[]): { value: string; goType: string } | TypeMismatch | undefined {
    if (v === null || v === undefined || t === undefined) return undefined;
    const wrong = () => ({ value: jsonKind(v), goType: t.go });
    switch (t.kind) {
      case 'string': return typeof v === 'string' ? undefined : wrong();
      case 'bool': return typeof v === 'boolean' ? undefined : wrong();
      case 'float': return typeof v === 'number' ? undefined : wrong();
      case 'int': {
        if (typeof v !== 'number') return wrong();
        const [min, max] = INT_RANGE[t.go];
        return Number.isInteger(v) && v >= min && v <= max ? undefined : { value: `number ${v}`, goType: t.go };
      }
      case 'array':
      case 'map': {
        if (t.kind === 'array' ? !Array.isArray(v) : typeof v !== 'object' || Array.isArray(v)) return wrong();
        // a wrong element is named by the element's Go type; the path has no index or key (as Go's).
        const elem = typeInfo(t.elem!);
        for (const item of Object.values(v as object)) {
          const bad = this.checkValue(elem, item, stack);
          if (bad) return bad;
        }
        return undefined;
      }
      default:
        if (typeof v !== 'object' || Array.isArray(v)) return wrong();
        return this.check(t.model!, v, stack);
    }
  }

  /** Removes fields the model does not have and returns their paths ("spec.template.spec.foo"). */
  prune(model: string, value: unknown, path = ''): string[] {
    const unknown: string[] = [];
    this.walk(model, value, path, unknown);
    return unknown;
  }

  private walk(type: string, value: unknown, path: string, unknown: string[]): void {
    const array = /^Array<(.+)>$/.exec(type);
    if (array) {
      if (Array.isArray(value)) value.forEach((v, i) => this.walk(array[1], v, `${path}[${i}]`, unknown));
      return;
    }
    const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
    if (map) {
      if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) this.walk(map[1], v, `${path}[${k}]`, unknown);
      return;
    }
    const fields = this.attributes(type);
    if (!fields || !value || typeof value !== 'object' || Array.isArray(value)) return;
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      const childPath = path ? `${path}.${key}` : key;
      const childType = fields.get(key)?.type;
      if (childType === undefined) {
        unknown.push(childPath);
        delete obj[key];
      } else this.walk(childType, obj[key], childPath, unknown);
    }
  }
}
