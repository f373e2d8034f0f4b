import { createZodValidationPipe } from 'nestjs-zod';
import type { ZodError } from 'zod';
import { FieldError, ValidationFailed } from '@claimtrail/errors';

/** Each zod issue as a field error: the JSON path and the rule it broke. */
export function fieldErrorsOf(error: ZodError): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    const path = issue.path.reduce<string>(
      (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
      '',
    );
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: path ? `${path}.${key}` : key,
        rule: 'unrecognized_key',
        message: `Unknown field "${key}"`,
      }));
    }
    // A custom check names its own rule (params.rule), e.g. `userinfo`.
    const rule = issue.code === 'custom' && typeof issue.params?.rule === 'string' ? issue.params.rule : issue.code;
    return [{ field: path || '(body)', rule, message: issue.message }];
  });
}

/** Validates bodies, queries and params against their zod DTOs; failures join the error family. */
export const ZodValidationPipe = createZodValidationPipe({
  createValidationException: (error: unknown) => new ValidationFailed(fieldErrorsOf(error as ZodError)),
});
