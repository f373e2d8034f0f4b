import { RecordedEvent, Upcaster } from './event-store.types';

/** Upcasters by (type, schema version), applied in a chain v1 → v2 → v3 on every read. */
export class Upcasters {
  private readonly byType = new Map<string, Map<number, Upcaster>>();

  register(type: string, fromSchemaVersion: number, upcast: Upcaster): void {
    let versions = this.byType.get(type);
    if (!versions) this.byType.set(type, (versions = new Map()));
    if (versions.has(fromSchemaVersion)) {
      throw new Error(`An upcaster for ${type} v${fromSchemaVersion} is already registered`);
    }
    versions.set(fromSchemaVersion, upcast);
  }

  apply(event: RecordedEvent): RecordedEvent {
    const versions = this.byType.get(event.type);
    if (!versions) return event;
    let current = event;
    for (let upcast = versions.get(current.schemaVersion); upcast; upcast = versions.get(current.schemaVersion)) {
      current = { ...current, data: upcast(current.data, current), schemaVersion: current.schemaVersion + 1 };
    }
    return current;
  }
}
