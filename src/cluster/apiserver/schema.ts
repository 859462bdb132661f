/**
 * Unknown-field detection, as the apiserver's strict decoding does (fieldValidation=Warn|Strict).
 * The field lists come from @kubernetes/client-node's generated models, which mirror the
 * OpenAPI schema, so they are the same fields kubectl knows. Unknown fields are also pruned,
 * as decoding into the Go types drops them upstream.
 */
interface Attribute {
  baseName: string;
  type: string;
}

type Models = Record<string, { getAttributeTypeMap?: () => Attribute[] } | undefined>;

export class SchemaChecker {
  private readonly cache = new Map<string, Map<string, string> | undefined>();

  constructor(private readonly models: Models) {}

  /** Loads the models once (client-node is an ES module, hence the dynamic import). */
  static async load(): Promise<SchemaChecker> {
    const k = (await import('@kubernetes/client-node')) as unknown as Models;
    return new SchemaChecker(k);
  }

  private fields(model: string): Map<string, string> | undefined {
    if (!this.cache.has(model)) {
      const m = this.models[model];
      const attrs = typeof m?.getAttributeTypeMap === 'function' ? m.getAttributeTypeMap() : undefined;
      this.cache.set(model, attrs && new Map(attrs.map((a) => [a.baseName, a.type])));
    }
    return this.cache.get(model);
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
    const fields = this.fields(type);
    if (!fields || !value || typeof value !== 'object' || Array.isArray(value)) return;
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      const childPath = path ? `${path}.${key}` : key;
      const childType = fields.get(key);
      if (childType === undefined) {
        unknown.push(childPath);
        delete obj[key];
      } else this.walk(childType, obj[key], childPath, unknown);
    }
  }
}
