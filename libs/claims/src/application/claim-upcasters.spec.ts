import type { RecordedEvent } from '@claimtrail/event-store';
import { claimUpcasters } from './claim-upcasters';

/** Lifts a stored event the way the event store does: each registered step, from its version up. */
function lift(event: RecordedEvent): RecordedEvent {
  let current = event;
  for (;;) {
    const step = claimUpcasters.find((u) => u.type === current.type && u.fromSchemaVersion === current.schemaVersion);
    if (!step) return current;
    current = { ...current, data: step.upcast(current.data, current), schemaVersion: current.schemaVersion + 1 };
  }
}

const stored = (schemaVersion: number, foundBy: unknown, role = 'reporter') =>
  ({
    type: 'EvidenceAttached',
    schemaVersion,
    data: { evidenceId: 'e1', publisher: 'reuters', url: 'https://reuters.com/x', stance: 'supports', foundBy },
    metadata: { actor: { keyId: 'k1', role } },
  }) as unknown as RecordedEvent;

describe('claim upcasters: EvidenceAttached v2 → v3', () => {
  it('given evidence a user attached, when read, then it was attached by that person with the role the event recorded', () => {
    const lifted = lift(stored(2, { kind: 'user', keyId: 'k1' }, 'editor'));
    expect(lifted.schemaVersion).toBe(3);
    expect(lifted.data).toEqual({
      evidenceId: 'e1',
      publisher: 'reuters',
      url: 'https://reuters.com/x',
      stance: 'supports',
      attachedBy: { kind: 'person', keyId: 'k1', role: 'editor' },
    });
  });

  it('given evidence a source found, when read, then a worker source attached it', () => {
    expect(lift(stored(2, { kind: 'source', source: 'archive' })).data.attachedBy).toEqual({
      kind: 'worker',
      source: 'archive',
    });
  });

  it('given a schema version 1 event, when read, then it is lifted through v2 to v3', () => {
    const lifted = lift(stored(1, { kind: 'user', keyId: 'k1' }));
    expect(lifted).toMatchObject({
      schemaVersion: 3,
      data: { attachedBy: { kind: 'person', keyId: 'k1', role: 'reporter' } },
    });
    expect(lifted.data).not.toHaveProperty('foundBy');
  });
});
