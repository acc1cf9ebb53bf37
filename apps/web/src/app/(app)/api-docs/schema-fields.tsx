// A JSON Schema object's fields as a readable list: name, type, required, limits.
import { limits, typeWords, type Schema } from "./schema-words";

export function SchemaFields({ title, schema }: { title: string; schema: Schema }) {
  const fields = Object.entries(schema.properties ?? {});
  if (fields.length === 0)
    return (
      <p className="text-sm text-muted">
        {title}: none (send {"{}"} or nothing).
      </p>
    );
  return (
    <div className="text-sm">
      <h3 className="font-medium">{title}</h3>
      <ul className="mt-1 space-y-0.5">
        {fields.map(([name, field]) => (
          <li key={name}>
            <code className="text-xs font-semibold">{name}</code>{" "}
            <span className="text-muted">
              {typeWords(field)}
              {schema.required?.includes(name) ? ", required" : ", optional"}
              {limits(field) ? `; ${limits(field)}` : ""}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
