import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { FieldError, ValidationFailed } from '@claimtrail/errors';

// Postgres stores neither: NUL in text/jsonb, nor an unpaired UTF-16 surrogate (no code point).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function textProblem(field: string, value: string): FieldError | undefined {
  if (value.includes('\u0000'))
    return { field, rule: 'nul_character', message: 'Text may not contain the NUL character (\\u0000)' };
  if (LONE_SURROGATE.test(value)) {
    return { field, rule: 'lone_surrogate', message: 'Text may not contain an unpaired UTF-16 surrogate' };
  }
  return undefined;
}

const childPath = (path: string, key: string | number) =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

/**
 * Every string (and key) in `value` that Postgres could not store, with its JSON path. Iterative,
 * so a deeply nested body cannot overflow the stack.
 */
export function malformedTextIn(value: unknown, root = ''): FieldError[] {
  const found: FieldError[] = [];
  const pending: Array<[unknown, string]> = [[value, root]];
  while (pending.length > 0) {
    const [current, path] = pending.pop()!;
    if (typeof current === 'string') {
      const problem = textProblem(path || '(body)', current);
      if (problem) found.push(problem);
    } else if (Array.isArray(current)) {
      current.forEach((item, index) => pending.push([item, childPath(path, index)]));
    } else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        const keyProblem = textProblem(childPath(path, key), key);
        if (keyProblem) found.push(keyProblem);
        pending.push([item, childPath(path, key)]);
      }
    }
  }
  return found;
}

/**
 * Refuses NUL characters and lone surrogates anywhere in a body, query or route parameter with a
 * 400 naming the field, before validation and long before Postgres would answer with a 500.
 */
@Injectable()
export class WellFormedTextPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const root = metadata.type === 'body' ? '' : (metadata.data ?? '');
    const problems = malformedTextIn(value, root);
    if (problems.length > 0) throw new ValidationFailed(problems);
    return value;
  }
}
