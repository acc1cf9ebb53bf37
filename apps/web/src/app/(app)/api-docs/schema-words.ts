// JSON Schema in words for /api-docs: a field's type, its limits, an example body.
export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  default?: unknown;
  description?: string;
}

export function typeWords(schema: Schema): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return options.map(typeWords).join(" or ");
  if (schema.type === "array") return `list of ${schema.items ? typeWords(schema.items) : "values"}`;
  if (schema.type === "object" && schema.properties)
    return `object {${Object.keys(schema.properties).join(", ")}}`;
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? "any");
  return schema.format ? `${type} (${schema.format})` : type;
}

export function limits(schema: Schema): string {
  const parts: string[] = [];
  if (schema.minimum !== undefined) parts.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined) parts.push(`≤ ${schema.maximum}`);
  if (schema.maxLength !== undefined) parts.push(`at most ${schema.maxLength} characters`);
  if (schema.default !== undefined) parts.push(`default ${JSON.stringify(schema.default)}`);
  return parts.join(", ");
}

/** A body with every required field filled in with a placeholder of its type. */
export function exampleBody(schema: Schema): Record<string, unknown> {
  const example = (s: Schema, name: string): unknown => {
    if (s.const !== undefined) return s.const;
    if (s.enum) return s.enum[0];
    const option = (s.anyOf ?? s.oneOf)?.[0];
    if (option) return example(option, name);
    if (s.type === "integer" || s.type === "number") return s.default ?? s.minimum ?? 1;
    if (s.type === "boolean") return s.default ?? false;
    if (s.type === "array") return s.items ? [example(s.items, name)] : [];
    if (s.type === "object") return exampleBody(s);
    return name.endsWith("Id") ? name.replace(/Id$/, "_ID").toUpperCase() : "…";
  };
  return Object.fromEntries(
    (schema.required ?? []).map((name) => [name, example(schema.properties?.[name] ?? {}, name)]),
  );
}
