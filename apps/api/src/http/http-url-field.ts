import { z } from 'zod';

function hasUserinfo(value: string): boolean {
  try {
    const url = new URL(value);
    return url.username !== '' || url.password !== '';
  } catch {
    return false; // not a URL at all: z.url() reports that
  }
}

/**
 * An http(s) URL with a domain name, without `user:password@`: credentials in a cited URL would
 * sit in the append-only event log forever, and be sent to whatever host the URL names.
 */
export const httpUrlField = z
  .url({ protocol: /^https?$/, hostname: z.regexes.domain })
  .max(2048)
  .refine((value) => !hasUserinfo(value), {
    message: 'must not carry a user name or password (user:password@)',
    params: { rule: 'userinfo' },
  })
  .describe('http(s) URL');
