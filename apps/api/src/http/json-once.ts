const serialized = new WeakMap<object, string>();

/**
 * A reply serializer for objects served many times as the same instance (claim views held in
 * memory): each is serialized once, for as long as it lives. Only for objects nobody changes
 * once served, which the view cache already requires of its views.
 */
export function jsonOnce(payload: unknown): string {
  if (typeof payload !== 'object' || payload === null) return JSON.stringify(payload);
  let json = serialized.get(payload);
  if (json === undefined) {
    json = JSON.stringify(payload);
    serialized.set(payload, json);
  }
  return json;
}
