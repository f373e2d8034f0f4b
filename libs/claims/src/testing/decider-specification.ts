/**
 * Test helper for deciders: given (past events) / when (a command) / then (the new
 * events, or the error it throws). Uses jest's `expect`, so only specs import it.
 */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

type ErrorClass = abstract new (...args: never[]) => Error;

export function deciderSpec<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return {
    given: (events: Event[]) => ({
      when: (command: Command) => {
        const run = () => decider.decide(command, events.reduce(decider.evolve, decider.initialState()));
        return {
          /** Exactly these events. */
          then: (expected: Event[]) => expect(run()).toEqual(expected),
          /** Events matching these partial shapes, in order and no more. */
          thenMatches: (expected: unknown[]) => expect(run()).toMatchObject(expected),
          /** Fails with this error type and, when given, these fields (e.g. `{ rule }`). */
          thenThrows: (type: ErrorClass, fields: Record<string, unknown> = {}) => {
            let thrown: unknown;
            try {
              run();
            } catch (error) {
              thrown = error;
            }
            expect(thrown).toBeInstanceOf(type);
            expect(thrown).toMatchObject(fields);
          },
        };
      },
    }),
  };
}
