// Terraform (cty) type constraints and their JSON wire form, as carried in Schema.Attribute.type.

/** A Terraform type. Objects list their attribute types; `dynamic` is accepted on the wire but not produced by schemas. */
export type TfType =
  | { kind: 'string' }
  | { kind: 'number' }
  | { kind: 'bool' }
  | { kind: 'dynamic' }
  | { kind: 'list' | 'set' | 'map'; element: TfType }
  | { kind: 'object'; attributes: Readonly<Record<string, TfType>> }
  | { kind: 'tuple'; elements: readonly TfType[] };

/** Constructors for the types schemas use. */
export const Types = {
  string: { kind: 'string' } as TfType,
  number: { kind: 'number' } as TfType,
  bool: { kind: 'bool' } as TfType,
  list: (element: TfType): TfType => ({ kind: 'list', element }),
  set: (element: TfType): TfType => ({ kind: 'set', element }),
  map: (element: TfType): TfType => ({ kind: 'map', element }),
  object: (attributes: Record<string, TfType>): TfType => ({ kind: 'object', attributes }),
  tuple: (elements: TfType[]): TfType => ({ kind: 'tuple', elements }),
};

/** The JSON type constraint: "string", ["list","string"], ["object",{"a":"bool"}], "dynamic". */
export function typeToJson(type: TfType): unknown {
  switch (type.kind) {
    case 'string': case 'number': case 'bool': case 'dynamic':
      return type.kind;
    case 'list': case 'set': case 'map':
      return [type.kind, typeToJson(type.element)];
    case 'object':
      return ['object', Object.fromEntries(Object.entries(type.attributes).map(([k, t]) => [k, typeToJson(t)]))];
    case 'tuple':
      return ['tuple', type.elements.map(typeToJson)];
  }
}

/** Parses a JSON type constraint; throws on anything Terraform would not send. */
export function typeFromJson(json: unknown): TfType {
  if (json === 'string' || json === 'number' || json === 'bool' || json === 'dynamic') return { kind: json };
  if (Array.isArray(json) && json.length >= 2) {
    const [kind, arg] = json;
    if (kind === 'list' || kind === 'set' || kind === 'map') return { kind, element: typeFromJson(arg) };
    if (kind === 'object' && arg && typeof arg === 'object' && !Array.isArray(arg)) {
      return { kind, attributes: Object.fromEntries(Object.entries(arg).map(([k, t]) => [k, typeFromJson(t)])) };
    }
    if (kind === 'tuple' && Array.isArray(arg)) return { kind, elements: arg.map(typeFromJson) };
  }
  throw new Error(`unsupported type constraint ${JSON.stringify(json)}`);
}
