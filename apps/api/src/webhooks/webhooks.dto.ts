import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { CLAIM_EVENT_TYPES } from '@claimtrail/claims';
import { DELIVERY_STATUSES } from '@claimtrail/webhooks';

function hasUserinfo(value: string): boolean {
  try {
    const url = new URL(value);
    return url.username !== '' || url.password !== '';
  } catch {
    return false; // not a URL at all: z.url() reports that
  }
}

/**
 * An http(s) URL, by host name or IP address, without `user:password@`. Whether its host
 * may be reached is the SSRF guard's decision (resolved and checked when it is registered
 * and at every delivery), not the shape's.
 */
const webhookUrl = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  .refine((value) => !hasUserinfo(value), {
    message: 'must not carry a user name or password (user:password@)',
    params: { rule: 'userinfo' },
  })
  .describe('http(s) URL the deliveries are POSTed to; must resolve to public addresses only');

const eventType = z.enum(CLAIM_EVENT_TYPES as [string, ...string[]]);

export class CreateWebhookDto extends createZodDto(
  z
    .object({
      url: webhookUrl,
      eventTypes: z
        .array(eventType)
        .min(1)
        .max(CLAIM_EVENT_TYPES.length)
        .describe('Claim event types to deliver (ClaimStatusChanged for status changes)'),
      secret: z
        .string()
        .min(24)
        .max(256)
        .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
        .optional()
        .describe('HMAC-SHA256 key the deliveries are signed with; generated and returned once when omitted'),
      description: z.string().trim().min(1).max(200).optional(),
    })
    .strict(),
) {}

export class WebhookIdParams extends createZodDto(z.object({ id: z.uuid() }).strict()) {}

export class WebhookDeliveriesQueryDto extends createZodDto(
  z
    .object({
      cursor: z.string().min(1).max(200).optional().describe('nextCursor of the previous page'),
      limit: z.coerce.number().int().min(1).max(100).default(20),
    })
    .strict(),
) {}

const endpoint = z.object({
  id: z.uuid(),
  url: z.string(),
  eventTypes: z.array(eventType),
  description: z.string().nullable(),
  createdAt: z.iso.datetime(),
  createdBy: z.string().describe('Key id of the admin who registered it'),
  disabledAt: z.iso.datetime().nullable().describe('Set once disabled: nothing more is delivered'),
});

export class WebhookDto extends createZodDto(endpoint) {}

export class WebhookListDto extends createZodDto(z.object({ items: z.array(endpoint) })) {}

export class CreatedWebhookDto extends createZodDto(
  endpoint.extend({
    secret: z.string().describe('The signing secret. Shown this once; GET never shows it.'),
  }),
) {}

const attempt = z.object({
  attempt: z.number().int(),
  at: z.string().describe('ISO-8601'),
  statusCode: z.number().int().nullable().describe("The receiver's HTTP status; null when no answer came"),
  error: z.string().nullable(),
  durationMs: z.number().int(),
});

const delivery = z.object({
  position: z.number().int().describe("The event's log position"),
  eventId: z.uuid(),
  type: eventType,
  streamId: z.string(),
  status: z
    .enum(DELIVERY_STATUSES)
    .describe(
      'pending: queued; retrying: an attempt failed, another follows; delivered: a 2xx came; failed: attempts ran ' +
        'out (or the guard refused the address); cancelled: the endpoint was disabled',
    ),
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  attemptLog: z.array(attempt),
  createdAt: z.iso.datetime(),
  lastAttemptAt: z.iso.datetime().nullable(),
  deliveredAt: z.iso.datetime().nullable(),
});

export class WebhookDeliveryPageDto extends createZodDto(
  z.object({
    items: z.array(delivery),
    nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'),
  }),
) {}
